package io.orgspace.api;

/** The kinds of RBAC subject an organization can name directly. */
public enum SubjectKind {
  User,
  Group
}
