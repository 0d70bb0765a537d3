package io.orgspace.environment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.orgspace.api.Condition;
import io.orgspace.api.RolloutStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RolloutTest {
  private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant LATER = CREATED.plusSeconds(7);

  private static Deployment deployment(long generation, String status) {
    return Serialization.unmarshal("""
        metadata: {name: app, namespace: ns, generation: %d, creationTimestamp: "2026-01-01T00:00:00Z"}
        spec: {replicas: 2}
        status: %s
        """.formatted(generation, indented(status)), Deployment.class);
  }

  private static Pod pod(String name, String status) {
    return Serialization.unmarshal("metadata: {name: %s, namespace: ns}\nstatus: %s".formatted(name, indented(status)),
        Pod.class);
  }

  private static String indented(String flow) {
    return flow.strip().replace("\n", "\n  ");
  }

  private static final String AVAILABLE = """
      {observedGeneration: 1, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2,
       conditions: [{type: Available, status: "True"}, {type: Progressing, status: "True", reason: NewReplicaSetAvailable}]}
      """;

  @Test
  void availableOnlyWhenEveryReplicaRunsTheCurrentSpecAndTheTimeItTookIsRecorded() {
    Rollout rollout = Rollout.assess(deployment(1, AVAILABLE), List.of(), null, 3, LATER);
    assertTrue(rollout.isAvailable());
    assertEquals(3L, rollout.available().observedGeneration);
    assertEquals(new RolloutStatus(1L, CREATED.toString(), LATER.toString(), 7L), rollout.status());

    // The same state seen again later writes nothing new: the recorded rollout is kept as it was.
    assertEquals(rollout.status(), Rollout.assess(deployment(1, AVAILABLE), List.of(), rollout.status(), 3,
        LATER.plusSeconds(60)).status());
  }

  @Test
  void aNewSpecNotYetSeenByTheDeploymentControllerIsNotAvailable() {
    RolloutStatus before = new RolloutStatus(1L, CREATED.toString(), LATER.toString(), 7L);
    Rollout rollout = Rollout.assess(deployment(2, AVAILABLE), List.of(), before, 4, LATER.plusSeconds(100));
    assertFalse(rollout.isAvailable());
    assertEquals("Progressing", rollout.available().reason);
    assertEquals(new RolloutStatus(2L, LATER.plusSeconds(100).toString(), null, null), rollout.status());
  }

  @Test
  void oldReplicasStillRunningKeepItProgressing() {
    Rollout rollout = Rollout.assess(deployment(1, """
        {observedGeneration: 1, replicas: 3, updatedReplicas: 2, availableReplicas: 2}"""), List.of(), null, 1, LATER);
    assertFalse(rollout.isAvailable());
    assertTrue(rollout.available().message.contains("1 old replicas pending termination"), rollout.available().message);
  }

  @Test
  void aPodThatCannotPullItsImageSaysSo() {
    Pod stuck = pod("app-1", """
        {phase: Pending, containerStatuses: [{name: app, ready: false,
          state: {waiting: {reason: ImagePullBackOff, message: "Back-off pulling image \\"registry.invalid/shop:1\\""}}}]}
        """);
    Rollout rollout = Rollout.assess(deployment(1, """
        {observedGeneration: 1, replicas: 2, updatedReplicas: 2, availableReplicas: 0,
         conditions: [{type: Progressing, status: "False", reason: ProgressDeadlineExceeded, message: "too slow"}]}
        """), List.of(stuck), null, 1, LATER);
    assertEquals("ImagePullBackOff", rollout.available().reason);
    assertEquals("pod app-1, container app: Back-off pulling image \"registry.invalid/shop:1\"",
        rollout.available().message);
    assertNull(rollout.status().availableAt);
  }

  @Test
  void withoutAPodReasonTheDeploymentsVerdictCounts() {
    Rollout late = Rollout.assess(deployment(1, """
        {observedGeneration: 1, replicas: 2, updatedReplicas: 2, availableReplicas: 1,
         conditions: [{type: Progressing, status: "False", reason: ProgressDeadlineExceeded,
           message: "ReplicaSet \\"app-1\\" has timed out progressing."}]}
        """), List.of(pod("app-1", "{phase: Running}")), null, 1, LATER);
    assertEquals("ProgressDeadlineExceeded", late.available().reason);

    Rollout refused = Rollout.assess(deployment(1, """
        {observedGeneration: 1, replicas: 0, conditions: [{type: ReplicaFailure, status: "True", reason: FailedCreate,
           message: "pods \\"app-x\\" is forbidden: exceeded quota"}]}
        """), List.of(), null, 1, LATER);
    assertEquals("FailedCreate", refused.available().reason);
  }

  @Test
  void aPodNoNodeCanRunIsUnschedulable() {
    Rollout rollout = Rollout.assess(deployment(1, "{observedGeneration: 1, replicas: 2, updatedReplicas: 2}"),
        List.of(pod("app-1", """
            {phase: Pending, conditions: [{type: PodScheduled, status: "False", reason: Unschedulable,
              message: "0/1 nodes are available"}]}""")), null, 1, LATER);
    assertEquals("Unschedulable", rollout.available().reason);
    assertEquals("pod app-1: 0/1 nodes are available", rollout.available().message);
  }

  @Test
  void noDeploymentYetIsProgressing() {
    Rollout rollout = Rollout.assess(null, List.of(), null, 1, LATER);
    assertEquals("Progressing", rollout.available().reason);
    assertFalse(rollout.isAvailable());
  }

  @Test
  void aCachedCopyOfThePreviousSpecNeverPassesForTheNewOne() {
    // Right after a push the informer may still hold the previous Deployment, fully available: it
    // carries the previous template's hash, so the new commit is still rolling out.
    Deployment previous = deployment(1, AVAILABLE);
    previous.getMetadata().setAnnotations(Map.of(EnvironmentObjects.TEMPLATE_HASH, "previous"));
    Rollout stale = Rollout.assess(previous, "current", List.of(), null, 3, LATER);
    assertEquals(Condition.FALSE, stale.available().status);
    assertEquals(Rollout.PROGRESSING, stale.available().reason);
    assertEquals(Condition.TRUE, Rollout.assess(previous, "previous", List.of(), null, 3, LATER).available().status);
  }
}
