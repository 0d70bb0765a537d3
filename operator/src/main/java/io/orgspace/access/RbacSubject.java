package io.orgspace.access;

import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import java.util.Comparator;

/** An RBAC subject, ordered so that rendered bindings are stable (no spurious diffs). */
public record RbacSubject(String kind, String name, String namespace) implements Comparable<RbacSubject> {
  public static final String USER = "User";
  public static final String GROUP = "Group";
  public static final String SERVICE_ACCOUNT = "ServiceAccount";
  private static final Comparator<RbacSubject> ORDER = Comparator.comparing(RbacSubject::kind)
      .thenComparing(RbacSubject::name)
      .thenComparing(s -> s.namespace() == null ? "" : s.namespace());

  public static RbacSubject user(String name) {
    return new RbacSubject(USER, name, null);
  }

  public static RbacSubject group(String name) {
    return new RbacSubject(GROUP, name, null);
  }

  public static RbacSubject serviceAccount(String namespace, String name) {
    return new RbacSubject(SERVICE_ACCOUNT, name, namespace);
  }

  public Subject toSubject() {
    SubjectBuilder builder = new SubjectBuilder().withKind(kind).withName(name);
    if (SERVICE_ACCOUNT.equals(kind)) {
      builder.withNamespace(namespace);
    } else {
      builder.withApiGroup("rbac.authorization.k8s.io");
    }
    return builder.build();
  }

  @Override
  public int compareTo(RbacSubject other) {
    return ORDER.compare(this, other);
  }
}
