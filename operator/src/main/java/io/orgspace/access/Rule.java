package io.orgspace.access;

import java.util.List;

/** One RBAC grant: exact API group, resource and verbs, never a wildcard. */
public record Rule(String apiGroup, String resource, List<String> verbs) {
  public static final String ORGSPACE_GROUP = "orgspace.io";

  public static Rule of(String apiGroup, String resource, String... verbs) {
    return new Rule(apiGroup, resource, List.of(verbs));
  }

  public static Rule core(String resource, String... verbs) {
    return of("", resource, verbs);
  }

  public static Rule orgspace(String resource, String... verbs) {
    return of(ORGSPACE_GROUP, resource, verbs);
  }
}
