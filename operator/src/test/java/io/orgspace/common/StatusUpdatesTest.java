package io.orgspace.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.orgspace.api.Organization;
import io.orgspace.api.OrganizationStatus;
import io.orgspace.api.Project;
import io.orgspace.api.ProjectSpec;
import io.orgspace.api.ProjectStatus;
import io.orgspace.api.WebhookStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class StatusUpdatesTest {
  private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
  /** A clock the test moves by hand. */
  private final AtomicReference<Instant> now = new AtomicReference<>(T0);
  private final StatusUpdates statuses = new StatusUpdates(new Clock() {
    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }, ConditionEvents.NONE);

  private static Organization organization(long generation) {
    Organization org = new Organization();
    org.setMetadata(new ObjectMetaBuilder().withName("acme").withGeneration(generation).build());
    return org;
  }

  private static OrganizationStatus status() {
    OrganizationStatus status = new OrganizationStatus();
    status.namespace = "org-acme";
    return status;
  }

  @Test
  void writesNothingWhenTheStatusIsUnchanged() {
    Organization org = organization(3);
    assertTrue(statuses.patchIfChanged(org, status(), List.of(Conditions.ready(3, "Ok", "fine"))).isPatchStatus());

    now.set(T0.plusSeconds(600));
    var again = statuses.patchIfChanged(org, status(), List.of(Conditions.ready(3, "Ok", "fine")));

    assertFalse(again.isPatchStatus(), "a converged resource must not be written again");
    assertEquals(T0.toString(), org.getStatus().conditions.get(0).lastTransitionTime);
  }

  @Test
  void aConditionTransitionIsStampedWithTheReconcilersClock() {
    Organization org = organization(3);
    statuses.patchIfChanged(org, status(), List.of(Conditions.ready(3, "Ok", "fine")));
    now.set(T0.plusSeconds(60));

    statuses.patchIfChanged(org, status(), List.of(Conditions.notReady(3, "Broken", "not fine")));

    assertEquals(T0.plusSeconds(60).toString(), org.getStatus().conditions.get(0).lastTransitionTime);
  }

  @Test
  void writesWhenTheGenerationMoves() {
    Organization org = organization(3);
    statuses.patchIfChanged(org, status(), List.of(Conditions.ready(3, "Ok", "fine")));
    org.getMetadata().setGeneration(4L);

    var next = statuses.patchIfChanged(org, status(), List.of(Conditions.ready(4, "Ok", "fine")));

    assertTrue(next.isPatchStatus());
    assertEquals(4L, org.getStatus().observedGeneration);
  }

  @Test
  void describesApiFailuresByTheServersMessageOnly() {
    var failure = new KubernetesClientException(new StatusBuilder().withCode(409)
        .withMessage("namespaces \"org-acme\" already exists").build());

    assertEquals("Conflict", StatusUpdates.reasonOf(failure));
    assertEquals("Kubernetes API answered 409: namespaces \"org-acme\" already exists", StatusUpdates.describe(failure));
  }

  @Test
  void describesAFailedWorkflowByItsDependentsApiFailure() {
    var invalid = new KubernetesClientException(new StatusBuilder().withCode(422)
        .withMessage("Namespace \"acme-shop-v1.2\" is invalid").build());
    var workflow = new io.javaoperatorsdk.operator.OperatorException(
        new io.javaoperatorsdk.operator.AggregatedOperatorException("Exception(s) during workflow execution.",
            java.util.Map.of("namespace", invalid)));

    assertEquals("Invalid", StatusUpdates.reasonOf(workflow));
    assertEquals("Kubernetes API answered 422: Namespace \"acme-shop-v1.2\" is invalid", StatusUpdates.describe(workflow));
    var other = new io.javaoperatorsdk.operator.AggregatedOperatorException("Exception(s) during workflow execution.",
        java.util.Map.of("deployment", new IllegalStateException("token=s3cr3t")));
    assertEquals("reconcile failed: IllegalStateException", StatusUpdates.describe(other));
  }

  @Test
  void theStatusApplyCarriesNoResourceVersionSoAnEarlierWriteCannotRefuseIt() throws Exception {
    Project project = new Project();
    project.setMetadata(new ObjectMetaBuilder().withName("shop").withNamespace("org-acme").withGeneration(2L)
        .withUid("3f1c").withResourceVersion("41").withLabels(Map.of("team", "web")).build());
    project.setSpec(new ProjectSpec());

    var control = statuses.patchIfChanged(project, new ProjectStatus(), List.of(Conditions.ready(2, "Ok", "fine")));

    var sent = new ObjectMapper().readTree(Serialization.asJson(control.getResource().orElseThrow()));
    assertEquals("shop", sent.path("metadata").path("name").asText());
    assertEquals("org-acme", sent.path("metadata").path("namespace").asText());
    assertEquals("3f1c", sent.path("metadata").path("uid").asText(), "never lands on a namesake made since the read");
    assertTrue(sent.path("metadata").path("resourceVersion").isMissingNode(), sent.toString());
    assertTrue(sent.path("metadata").path("labels").isMissingNode(), sent.toString());
    assertTrue(sent.path("spec").isMissingNode() || sent.path("spec").isNull(), sent.toString());
    assertEquals("Ready", sent.path("status").path("conditions").path(0).path("type").asText());
    assertEquals("Project", sent.path("kind").asText());
  }

  @Test
  void aConflictLeavesTheStatusAloneForTheRetry() {
    Organization org = organization(3);
    var control = statuses.errorIfChanged(org, status(), List.of(Conditions.notReady(3, "Conflict", "409")));
    assertFalse(control.getResource().isPresent(), "no Ready=False for a 409 that the retry mends");
    assertTrue(statuses.errorIfChanged(org, status(), List.of(Conditions.notReady(3, "Forbidden", "403")))
        .getResource().isPresent());
  }

  @Test
  void neverRepeatsTheTextOfOtherExceptions() {
    var failure = new IllegalStateException("token=s3cr3t");

    assertEquals("ReconcileError", StatusUpdates.reasonOf(failure));
    assertFalse(StatusUpdates.describe(failure).contains("s3cr3t"));
  }

  @Test
  void namesTheHttpCodeOfAFailureWithoutAStatusMessage() {
    var failure = new KubernetesClientException("Failure executing: GET at: https://api/... token=s3cr3t", 404, null);

    assertEquals("reconcile failed: KubernetesClientException (HTTP 404)", StatusUpdates.describe(failure));
  }

  @Test
  void findsTheApiErrorAmongAWorkflowsFailures() {
    var forbidden = new KubernetesClientException(new StatusBuilder().withCode(403)
        .withMessage("rolebindings.rbac.authorization.k8s.io is forbidden").build());
    var failure = new io.javaoperatorsdk.operator.AggregatedOperatorException("workflow failed",
        java.util.Map.of("role-bindings", new RuntimeException(forbidden)));

    assertEquals("Forbidden", StatusUpdates.reasonOf(failure));
    assertEquals("Kubernetes API answered 403: rolebindings.rbac.authorization.k8s.io is forbidden",
        StatusUpdates.describe(failure));
  }

  @Test
  void aFieldAnotherWriterOwnsIsNeitherWrittenNorADifference() {
    Project project = new Project();
    project.setMetadata(new ObjectMetaBuilder().withName("shop").withNamespace("org-acme").withGeneration(2L).build());
    statuses.patchIfChanged(project, new ProjectStatus(), List.of(Conditions.ready(2, "Valid", "fine")));
    // The webhook records a pull request in the same status, with its own field manager.
    project.getStatus().webhook = new WebhookStatus();
    project.getStatus().webhook.pullRequests = List.of("5 2026-11-21T10:00:00Z");

    assertFalse(statuses.patchIfChanged(project, new ProjectStatus(), List.of(Conditions.ready(2, "Valid", "fine")))
        .isPatchStatus(), "the webhook's field is no reason to write");
    assertTrue(statuses.patchIfChanged(project, new ProjectStatus(), List.of(Conditions.notReady(2, "Broken", "not fine")))
        .isPatchStatus());
    assertNull(project.getStatus().webhook, "and what the controller applies leaves it out, so the API server keeps it");
  }
}
