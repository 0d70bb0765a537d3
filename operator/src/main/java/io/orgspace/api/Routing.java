package io.orgspace.api;

/** How an environment's host is routed to its Service. */
public enum Routing {
  Ingress,
  HTTPRoute
}
