package io.orgspace.environment;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.orgspace.api.Condition;
import io.orgspace.api.RolloutStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * How far the environment's workload has come, from its Deployment's status and its pods' (pure):
 * the {@code Available} condition and the rollout's timing. Available means what `kubectl rollout
 * status` waits for: the Deployment controller has seen the current spec, every replica runs it and
 * is available, and no replica of an older spec is left.
 */
record Rollout(Condition available, RolloutStatus status) {
  static final String AVAILABLE = "Available";
  static final String PROGRESSING = "Progressing";
  static final String PROGRESS_DEADLINE_EXCEEDED = "ProgressDeadlineExceeded";
  private static final int MAX_MESSAGE = 300;
  /** Container waiting reasons that say why a pod does not start; a kubelet reports them. */
  static final Set<String> FAILING_CONTAINER_REASONS = Set.of("ImagePullBackOff", "ErrImagePull", "InvalidImageName",
      "CrashLoopBackOff", "CreateContainerConfigError", "CreateContainerError", "RunContainerError");

  boolean isAvailable() {
    return Condition.TRUE.equals(available.status);
  }

  /**
   * @param deployment the environment's Deployment as the informer has it; null when not there (yet)
   * @param pods the pods of the environment's namespace
   * @param previous the rollout recorded in the environment's status, or null
   * @param generation the Environment's generation, for the condition
   */
  static Rollout assess(Deployment deployment, List<Pod> pods, RolloutStatus previous, long generation, Instant now) {
    return assess(deployment, null, pods, previous, generation, now);
  }

  /**
   * @param templateHash the {@link EnvironmentObjects#TEMPLATE_HASH} of the Deployment the plan wants;
   *     a Deployment with another is the previous spec, not rolled out yet; null checks nothing
   */
  static Rollout assess(Deployment deployment, String templateHash, List<Pod> pods, RolloutStatus previous,
      long generation, Instant now) {
    if (deployment == null) {
      return new Rollout(condition(Condition.FALSE, PROGRESSING, "the Deployment is not there yet", generation), previous);
    }
    long deploymentGeneration = Optional.ofNullable(deployment.getMetadata().getGeneration()).orElse(0L);
    RolloutStatus rollout = previous != null && Objects.equals(previous.deploymentGeneration, deploymentGeneration)
        ? previous
        : new RolloutStatus(deploymentGeneration, startOf(deployment, previous, now).toString(), null, null);
    DeploymentStatus status = Optional.ofNullable(deployment.getStatus()).orElseGet(DeploymentStatus::new);
    int wanted = Optional.ofNullable(deployment.getSpec().getReplicas()).orElse(1);
    int updated = orZero(status.getUpdatedReplicas());
    int available = orZero(status.getAvailableReplicas());
    int total = orZero(status.getReplicas());
    boolean current = templateHash == null || (deployment.getMetadata().getAnnotations() != null
        && templateHash.equals(deployment.getMetadata().getAnnotations().get(EnvironmentObjects.TEMPLATE_HASH)));
    boolean seen = current && status.getObservedGeneration() != null
        && status.getObservedGeneration() >= deploymentGeneration;
    if (seen && updated >= wanted && available >= wanted && total <= updated
        && !isTrue(status, "ReplicaFailure")) {
      if (rollout.availableAt == null) {
        Instant started = parse(rollout.startedAt, now);
        rollout = new RolloutStatus(deploymentGeneration, rollout.startedAt, now.truncatedTo(ChronoUnit.SECONDS).toString(),
            Math.max(0, Duration.between(started, now).toSeconds()));
      }
      String after = rollout.seconds == null ? "" : " (rollout took " + rollout.seconds + "s)";
      return new Rollout(condition(Condition.TRUE, AVAILABLE, available + "/" + wanted + " replicas available" + after,
          generation), rollout);
    }
    return new Rollout(whyNot(deployment, status, pods, seen, wanted, updated, available, total, generation), rollout);
  }

  /** The most specific reason there is: a pod's own, then the Deployment's verdict, then progress. */
  private static Condition whyNot(Deployment deployment, DeploymentStatus status, List<Pod> pods, boolean seen,
      int wanted, int updated, int available, int total, long generation) {
    Optional<Condition> fromPods = pods.stream()
        .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
        .sorted(Comparator.comparing(pod -> pod.getMetadata().getName()))
        .flatMap(pod -> podProblem(pod, generation).stream())
        .findFirst();
    if (fromPods.isPresent()) {
      return fromPods.get();
    }
    DeploymentCondition failure = find(status, "ReplicaFailure");
    if (failure != null && "True".equals(failure.getStatus())) {
      return condition(Condition.FALSE, orElse(failure.getReason(), "ReplicaFailure"), failure.getMessage(), generation);
    }
    DeploymentCondition progressing = find(status, PROGRESSING);
    if (progressing != null && "False".equals(progressing.getStatus())
        && PROGRESS_DEADLINE_EXCEEDED.equals(progressing.getReason())) {
      return condition(Condition.FALSE, PROGRESS_DEADLINE_EXCEEDED, progressing.getMessage(), generation);
    }
    String message = !seen
        ? "the Deployment's new spec is not rolled out yet"
        : updated + "/" + wanted + " replicas updated, " + available + "/" + wanted + " available"
            + (total > updated ? ", " + (total - updated) + " old replicas pending termination" : "");
    return condition(Condition.FALSE, PROGRESSING, message, generation);
  }

  /** Why one pod does not run: a failing container, or no node to run on. */
  private static Optional<Condition> podProblem(Pod pod, long generation) {
    if (pod.getStatus() == null) {
      return Optional.empty();
    }
    Optional<Condition> container = Stream.concat(
            Optional.ofNullable(pod.getStatus().getInitContainerStatuses()).stream().flatMap(List::stream),
            Optional.ofNullable(pod.getStatus().getContainerStatuses()).stream().flatMap(List::stream))
        .filter(c -> c.getState() != null && c.getState().getWaiting() != null
            && FAILING_CONTAINER_REASONS.contains(c.getState().getWaiting().getReason()))
        .findFirst()
        .map(c -> condition(Condition.FALSE, c.getState().getWaiting().getReason(), describe(pod, c), generation));
    if (container.isPresent()) {
      return container;
    }
    return Optional.ofNullable(pod.getStatus().getConditions()).stream().flatMap(List::stream)
        .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())
            && "Unschedulable".equals(c.getReason()))
        .findFirst()
        .map((PodCondition c) -> condition(Condition.FALSE, "Unschedulable",
            "pod " + pod.getMetadata().getName() + ": " + orElse(c.getMessage(), "no node can run it"), generation));
  }

  private static String describe(Pod pod, ContainerStatus container) {
    String message = container.getState().getWaiting().getMessage();
    return "pod " + pod.getMetadata().getName() + ", container " + container.getName() + ": "
        + orElse(message, container.getState().getWaiting().getReason());
  }

  private static Instant startOf(Deployment deployment, RolloutStatus previous, Instant now) {
    // The first rollout this status records started when the Deployment was made; later ones now,
    // when this controller first sees the Deployment's new generation.
    if (previous == null && deployment.getMetadata().getCreationTimestamp() != null) {
      return parse(deployment.getMetadata().getCreationTimestamp(), now);
    }
    return now.truncatedTo(ChronoUnit.SECONDS);
  }

  private static Condition condition(String status, String reason, String message, long generation) {
    String text = message == null ? "" : message;
    return new Condition(AVAILABLE, status, reason,
        text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "..." : text, generation);
  }

  private static DeploymentCondition find(DeploymentStatus status, String type) {
    return status.getConditions() == null ? null
        : status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }

  private static boolean isTrue(DeploymentStatus status, String type) {
    DeploymentCondition c = find(status, type);
    return c != null && "True".equals(c.getStatus());
  }

  private static Instant parse(String time, Instant fallback) {
    try {
      return time == null ? fallback : Instant.parse(time);
    } catch (DateTimeParseException e) {
      return fallback;
    }
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }

  private static String orElse(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }
}
