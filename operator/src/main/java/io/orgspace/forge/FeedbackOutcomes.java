package io.orgspace.forge;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * How the latest report of each environment to its pull request went, per Project: what the
 * Project's {@code FeedbackFailed} condition says. Written by the environments' reports, read by
 * the Project's reconcile, which a change of a Project's outcome triggers. Kept in memory: after a
 * restart the next report of each environment tells again.
 */
public final class FeedbackOutcomes {
  /** @param failed null when the report went through */
  public record Outcome(String environment, ForgeToken.Refusal failed) {}

  private final Map<ResourceID, Map<String, ForgeToken.Refusal>> byProject = new ConcurrentHashMap<>();
  private final Map<ResourceID, Boolean> reported = new ConcurrentHashMap<>();
  private volatile Consumer<ResourceID> onChange = id -> {};

  public void onChange(Consumer<ResourceID> listener) {
    this.onChange = listener;
  }

  public void succeeded(ResourceID project, String environment) {
    boolean firstSuccess = reported.put(project, true) == null;
    Map<String, ForgeToken.Refusal> failures = byProject.get(project);
    boolean recovered = failures != null && failures.remove(environment) != null;
    if (firstSuccess || recovered) {
      onChange.accept(project);
    }
  }

  public void failed(ResourceID project, String environment, String reason, String message) {
    ForgeToken.Refusal refusal = new ForgeToken.Refusal(reason, message);
    ForgeToken.Refusal previous = byProject.computeIfAbsent(project, p -> new ConcurrentHashMap<>()).put(environment, refusal);
    if (!refusal.equals(previous)) {
      onChange.accept(project);
    }
  }

  /** A deleted environment's outcome no longer counts. */
  public void forget(ResourceID project, String environment) {
    Map<String, ForgeToken.Refusal> failures = byProject.get(project);
    if (failures != null && failures.remove(environment) != null) {
      onChange.accept(project);
    }
  }

  /**
   * The Project's outcome: its first failing environment (by name) while any fails; else an outcome
   * without failure once a report went through; else empty (nothing reported since the start).
   */
  public Optional<Outcome> of(ResourceID project) {
    Map<String, ForgeToken.Refusal> failures = byProject.get(project);
    if (failures != null && !failures.isEmpty()) {
      var first = new TreeMap<>(failures).firstEntry();
      if (first != null) {
        return Optional.of(new Outcome(first.getKey(), first.getValue()));
      }
    }
    return reported.containsKey(project) ? Optional.of(new Outcome(null, null)) : Optional.empty();
  }
}
