//go:build tools

// The command this module builds; the blank import keeps it in go.mod/go.sum.
package gitea

import _ "gitea.dev"
