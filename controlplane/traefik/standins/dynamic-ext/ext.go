// Package ext holds the extension points Traefik embeds in its dynamic configuration; this
// stand-in adds no fields.
package ext

// HTTP is embedded in Traefik's HTTPConfiguration.
type HTTP struct{}

// Router is embedded in Traefik's Router.
type Router struct{}

// RouterIng is the Ingress annotations' router extension.
type RouterIng struct{}

// ToRouter turns the Ingress annotations' extension into a router's.
func (RouterIng) ToRouter() Router { return Router{} }
