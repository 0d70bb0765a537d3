package io.orgspace.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.orgspace.api.Attribution;
import io.orgspace.api.Condition;
import io.orgspace.api.Environment;
import io.orgspace.api.GitProvider;
import io.orgspace.api.Organization;
import io.orgspace.common.Conditions;
import io.orgspace.testing.ControlPlane;
import io.orgspace.testing.OperatorProcess;
import io.orgspace.testing.Poll;
import io.orgspace.testing.TestOrganization;
import io.orgspace.testing.TestProject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A cluster without MutatingAdmissionPolicy v1 (here: the API and its admission plugin turned
 * off): Orgspace keeps working, and each Organization says Attribution=False.
 */
class AttributionUnavailableIT {
  private static final Duration CONVERGE = Duration.ofSeconds(60);
  private static final String SFX = UUID.randomUUID().toString().substring(0, 6);
  private static final String ORG = "noattr-" + SFX;
  private static final String WITHOUT_POLICIES = "--runtime-config=admissionregistration.k8s.io/v1/mutatingadmissionpolicies=false,"
      + "admissionregistration.k8s.io/v1/mutatingadmissionpolicybindings=false"
      + " --disable-admission-plugins=MutatingAdmissionPolicy";

  @Test
  void organizationsSayAttributionFalseAndEverythingElseWorks() throws InterruptedException {
    KubernetesClient admin = ControlPlane.admin();
    ControlPlane.restartApiServer(WITHOUT_POLICIES);
    OperatorProcess operator = null;
    try {
      operator = OperatorProcess.start("attribution-unavailable-it").awaitReady(CONVERGE);
      Organization organization = TestOrganization.named(ORG).owner().create(admin).awaitReady(CONVERGE);
      Poll.until(CONVERGE, "Attribution=False on " + ORG, () -> {
        Organization current = admin.resources(Organization.class).withName(ORG).get();
        Condition attribution = Conditions.find(current.getStatus().conditions, AttributionPolicy.CONDITION);
        return attribution != null && Condition.FALSE.equals(attribution.status)
            && "MutatingAdmissionPolicyUnavailable".equals(attribution.reason);
      });
      assertNull(organization.getMetadata().getAnnotations() == null ? null
          : organization.getMetadata().getAnnotations().get(Attribution.CREATED_BY), "nothing stamps");

      String home = Organization.homeNamespace(ORG);
      TestProject.named("shop").in(home).repository(GitProvider.github, "https://github.com/acme/shop").create(admin);
      admin.resource(ControlPlane.load(Environment.class, """
          apiVersion: orgspace.io/v1alpha1
          kind: Environment
          metadata: {name: plain, namespace: %s}
          spec: {project: shop, image: "registry.example/shop:1"}
          """.formatted(home))).create();
      Poll.until(CONVERGE, "the environment's change recorded, without a name", () -> {
        Environment environment = admin.resources(Environment.class).inNamespace(home).withName("plain").get();
        return environment.getStatus() != null && environment.getStatus().changes != null;
      });
      Environment plain = admin.resources(Environment.class).inNamespace(home).withName("plain").get();
      assertEquals(1, plain.getStatus().changes.size());
      assertNull(plain.getStatus().changes.get(0).by);
    } finally {
      ControlPlane.restartApiServer();
      if (operator != null) {
        operator.closeAfter(() -> TestOrganization.deleteAndAwait(admin, SFX, CONVERGE, ORG));
      }
    }
  }
}
