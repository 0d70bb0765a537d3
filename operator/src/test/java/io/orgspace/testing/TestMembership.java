package io.orgspace.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.orgspace.api.Membership;
import io.orgspace.api.MembershipSpec;
import io.orgspace.api.Role;
import java.util.List;

/** The Membership of an integration test or benchmark, as the typed {@link Membership}. */
public final class TestMembership {
  private TestMembership() {}

  /** {@code user} holds {@code role} in the organization whose home namespace is {@code namespace}. */
  public static Membership of(String namespace, String name, String user, Role role) {
    return of(namespace, name, user, role, List.of());
  }

  /** The same, with SSH public keys to issue certificates for. */
  public static Membership of(String namespace, String name, String user, Role role, List<String> sshPublicKeys) {
    Membership membership = new Membership();
    membership.getMetadata().setName(name);
    membership.getMetadata().setNamespace(namespace);
    MembershipSpec spec = new MembershipSpec();
    spec.user = user;
    spec.role = role;
    spec.sshPublicKeys = sshPublicKeys.isEmpty() ? null : List.copyOf(sshPublicKeys);
    membership.setSpec(spec);
    return membership;
  }

  /** Creates {@link #of(String, String, String, Role) the Membership} with {@code client}. */
  public static Membership create(KubernetesClient client, String namespace, String name, String user, Role role) {
    return client.resource(of(namespace, name, user, role)).create();
  }
}
