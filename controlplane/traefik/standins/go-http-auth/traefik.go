package auth

import (
	"net/http"
	"strings"
)

// What Traefik calls beyond github.com/abbot/go-http-auth v0.4.0 (its fork, which the Go module
// proxy does not serve, adds them). Added to a copy of v0.4.0 by ../../build.sh.

// CheckSecret reports whether password matches an htpasswd secret of any scheme this package
// supports (bcrypt, {SHA}, MD5 crypt), chosen by the secret's prefix as BasicAuth.CheckAuth does.
func CheckSecret(password, secret string) bool {
	compare := compareFuncs[0].compare
	for _, cmp := range compareFuncs[1:] {
		if strings.HasPrefix(secret, cmp.prefix) {
			compare = cmp.compare
			break
		}
	}
	return compare([]byte(secret), []byte(password)) == nil
}

// RequireAuthStale answers a request whose digest nonce is stale with a fresh challenge.
func (a *DigestAuth) RequireAuthStale(w http.ResponseWriter, r *http.Request) {
	a.RequireAuth(w, r)
}
