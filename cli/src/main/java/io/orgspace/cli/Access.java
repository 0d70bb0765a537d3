package io.orgspace.cli;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which role a person holds in an organization and through what, read from the organization's
 * {@code status.access} (the audit view of its RoleBindings) and {@code spec.owners}.
 */
final class Access {
  record Grant(String role, String through) {}

  private Access() {}

  static List<Grant> grants(GenericKubernetesResource organization, UserInfo me) {
    Map<String, Object> object = organization.getAdditionalProperties();
    List<String> groups = me.getGroups() == null ? List.of() : me.getGroups();
    String serviceAccount = serviceAccount(me.getUsername());
    List<Grant> grants = new ArrayList<>();
    for (Object entry : Cluster.Fields.list(object, "status", "access")) {
      if (!(entry instanceof Map<?, ?> holders)) {
        continue;
      }
      String role = String.valueOf(holders.get("role"));
      if (names(holders, "users").contains(me.getUsername())) {
        grants.add(new Grant(role, isOwner(object, "User", me.getUsername()) && "Owner".equals(role)
            ? "owners" : "Membership"));
      }
      for (String group : names(holders, "groups")) {
        if (groups.contains(group)) {
          grants.add(new Grant(role, isOwner(object, "Group", group) && "Owner".equals(role)
              ? "owners (group " + group + ")" : "SSO group " + group));
        }
      }
      if (serviceAccount != null && names(holders, "serviceAccounts").contains(serviceAccount)) {
        grants.add(new Grant(role, "API key " + serviceAccount));
      }
    }
    return grants;
  }

  /** {@code system:serviceaccount:ns:name} as {@code ns/name}, the form of status.access. */
  static String serviceAccount(String username) {
    String prefix = "system:serviceaccount:";
    if (username == null || !username.startsWith(prefix)) {
      return null;
    }
    String[] parts = username.substring(prefix.length()).split(":", 2);
    return parts.length == 2 ? parts[0] + "/" + parts[1] : null;
  }

  private static boolean isOwner(Map<String, Object> organization, String kind, String name) {
    for (Object owner : Cluster.Fields.list(organization, "spec", "owners")) {
      if (owner instanceof Map<?, ?> subject && kind.equals(subject.get("kind")) && name.equals(subject.get("name"))) {
        return true;
      }
    }
    return false;
  }

  private static List<String> names(Map<?, ?> holders, String key) {
    Object value = holders.get(key);
    return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
  }
}
