//go:build tools

// The command this module builds; the blank import keeps it in go.mod/go.sum.
package traefik

import (
	_ "github.com/traefik/traefik/v3/cmd/traefik"
)
