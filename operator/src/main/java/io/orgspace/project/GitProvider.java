package io.orgspace.project;

/** Git providers whose webhooks Orgspace understands. */
public enum GitProvider {
  github,
  gitlab,
  gitea,
  forgejo
}
