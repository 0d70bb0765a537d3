package io.orgspace.common;

import io.orgspace.api.Condition;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Merges conditions the way Kubernetes does: lastTransitionTime moves only when status moves. */
public final class Conditions {
  private Conditions() {}

  public static List<Condition> merge(List<Condition> previous, List<Condition> next, Instant now) {
    List<Condition> merged = new ArrayList<>();
    for (Condition condition : next) {
      Condition before = find(previous, condition.type);
      Condition copy = new Condition(condition.type, condition.status, condition.reason,
          condition.message, condition.observedGeneration);
      copy.lastTransitionTime = before != null && Objects.equals(before.status, condition.status)
          && before.lastTransitionTime != null
          ? before.lastTransitionTime
          : now.truncatedTo(ChronoUnit.SECONDS).toString();
      merged.add(copy);
    }
    return merged;
  }

  public static Condition find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return null;
    }
    return conditions.stream().filter(c -> type.equals(c.type)).findFirst().orElse(null);
  }

  public static boolean isTrue(List<Condition> conditions, String type) {
    Condition c = find(conditions, type);
    return c != null && Condition.TRUE.equals(c.status);
  }

  public static Condition ready(long generation, String reason, String message) {
    return new Condition(Condition.READY, Condition.TRUE, reason, message, generation);
  }

  public static Condition notReady(long generation, String reason, String message) {
    return new Condition(Condition.READY, Condition.FALSE, reason, message, generation);
  }
}
