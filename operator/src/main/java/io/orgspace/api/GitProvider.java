package io.orgspace.api;

/** Git providers whose webhooks Orgspace understands. */
public enum GitProvider {
  github,
  gitlab,
  gitea,
  forgejo
}
