package io.orgspace.access;

import java.util.List;

/**
 * What a role may do, one capability per row of the permission matrix (plus the rows only Owners
 * hold), each with the exact RBAC rules that grant it. Field-level rows are granted here as custom
 * verbs ({@code deploy}, {@code expose}, {@code expire}, {@code configure}) that the admission
 * policies check field by field ({@link FieldPermissions}).
 */
public enum Capability {
  VIEW_PROJECTS(Rule.orgspace("projects", "get", "list", "watch")),
  /** The admission policy lets update/patch change only spec.files without {@code configure}. */
  UPDATE_PROJECT_FILES(Rule.orgspace("projects", "update", "patch")),
  /** The admission policy lets update/patch change only spec.variables without {@code configure}. */
  UPDATE_PROJECT_VARIABLES(Rule.orgspace("projects", "update", "patch")),
  /** Change a project's other settings (repository, preview policy); create and delete projects. */
  MANAGE_PROJECTS(Rule.orgspace("projects", "create", "delete", FieldPermissions.CONFIGURE)),

  VIEW_ENVIRONMENTS(Rule.orgspace("environments", "get", "list", "watch")),
  /** Create an environment as the project's template makes it: only the fields that take no custom verb. */
  CREATE_ENVIRONMENTS(Rule.orgspace("environments", "create")),
  /**
   * Update an environment, and choose where and for whom it is served (host, basic auth) and how
   * long it lives (expiresAt), on create as on update.
   */
  UPDATE_ENVIRONMENTS(Rule.orgspace("environments", "update", "patch", FieldPermissions.EXPOSE,
      FieldPermissions.EXPIRE)),
  /** Set or change what an environment runs: image, port, replicas, pull request head commit and branch. */
  DEPLOY_ENVIRONMENTS(Rule.orgspace("environments", FieldPermissions.DEPLOY)),
  /**
   * Set or change an environment's variables, and name the organization's Secrets for variables
   * and image pulls (on environments, and on projects, whose settings every environment takes).
   */
  UPDATE_ENVIRONMENT_VARIABLES(Rule.orgspace("environments", FieldPermissions.CONFIGURE),
      Rule.orgspace("projects", FieldPermissions.REFERENCE_SECRETS)),
  DELETE_ENVIRONMENTS(Rule.orgspace("environments", "delete")),

  /** Servers are an environment's workloads: pods, their logs, services, deployments, events. */
  VIEW_SERVERS(
      Rule.core("pods", "get", "list", "watch"),
      Rule.core("pods/log", "get"),
      Rule.core("services", "get", "list", "watch"),
      Rule.core("endpoints", "get", "list", "watch"),
      Rule.core("events", "get", "list", "watch"),
      Rule.of("apps", "deployments", "get", "list", "watch"),
      Rule.of("apps", "replicasets", "get", "list", "watch")),
  /**
   * Shell access to a server: exec into its pods, and with SSH certificates a login, reached
   * through a port-forward (which gives nothing exec does not already give).
   */
  UPDATE_SERVER_FILES(Rule.core("pods/exec", "create", "get"), Rule.core("pods/portforward", "create", "get")),
  /** Restart a server by deleting its pod. */
  RESTART_SERVERS(Rule.core("pods", "delete")),

  MANAGE_MEMBERS(Rule.orgspace("memberships", "get", "list", "watch", "create", "update", "patch", "delete")),
  MANAGE_API_KEYS(Rule.orgspace("apikeys", "get", "list", "watch", "create", "update", "patch", "delete")),
  /** API key tokens and environment credentials live in Secrets of the organization's namespaces. */
  READ_SECRETS(Rule.core("secrets", "get", "list", "watch")),
  /**
   * Create, change and delete the organization's own Secrets (webhook secrets, TLS, basic auth,
   * application secrets); the admission policy {@link AdmissionPolicies#TENANT_SECRETS} keeps
   * them to the home namespace and away from the Secrets Orgspace makes.
   */
  MANAGE_SECRETS(Rule.core("secrets", "create", "update", "patch", "delete"));

  private final List<Rule> rules;

  Capability(Rule... rules) {
    this.rules = List.of(rules);
  }

  public List<Rule> rules() {
    return rules;
  }
}
