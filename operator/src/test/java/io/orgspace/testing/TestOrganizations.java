package io.orgspace.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.orgspace.api.Organization;
import java.time.Duration;
import java.util.List;

/** Clean-up shared by the integration tests: a test's organizations and every namespace they led to. */
public final class TestOrganizations {
  private TestOrganizations() {}

  /** Deletes the organizations and waits until no namespace whose name holds {@code suffix} is left. */
  public static void deleteAndAwait(KubernetesClient admin, String suffix, Duration timeout, String... organizations) {
    for (String organization : organizations) {
      admin.resources(Organization.class).withName(organization).delete();
    }
    Poll.until(timeout, "namespaces of " + List.of(organizations) + " gone", () -> admin.namespaces().list().getItems()
        .stream().noneMatch(ns -> ns.getMetadata().getName().contains(suffix)));
  }
}
