// Stands in for github.com/traefik/traefik/dynamic/ext: Traefik's go.mod replaces it by a folder
// of its own repository that the v3 module zip does not contain, and the Go module proxy serves no
// version of it. Traefik embeds these types in its dynamic configuration; empty, they add nothing.
module github.com/traefik/traefik/dynamic/ext

go 1.24
