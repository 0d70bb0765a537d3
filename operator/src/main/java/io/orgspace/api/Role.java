package io.orgspace.api;

/** The four fixed roles of an organization; each maps to one ClusterRole shipped by Orgspace. */
public enum Role {
  Owner,
  Developer,
  Support,
  Manager;

  /** The name of the ClusterRole that carries this role's permissions. */
  public String clusterRoleName() {
    return "orgspace-" + name().toLowerCase(java.util.Locale.ROOT);
  }
}
