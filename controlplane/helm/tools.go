//go:build tools

// The command this module builds; the blank import keeps it in go.mod/go.sum.
package helmtool

import (
	_ "helm.sh/helm/v3/cmd/helm"
)
