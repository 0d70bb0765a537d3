package io.orgspace.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.orgspace.api.Condition;
import io.orgspace.api.ResourceStatus;
import java.time.Clock;
import java.util.List;

/**
 * Writes a status only when it differs from the one already stored, so that a resync of a
 * converged cluster makes no write; condition transition times (from the reconciler's clock) move
 * only when a status moves.
 */
public final class StatusUpdates {
  private static final int MAX_MESSAGE = 300;
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String CONFLICT = "Conflict";

  private final Clock clock;
  private final ConditionEvents events;

  /** @param events where condition transitions are recorded as Kubernetes Events */
  public StatusUpdates(Clock clock, ConditionEvents events) {
    this.clock = clock;
    this.events = events;
  }

  public <P extends CustomResource<?, S>, S extends ResourceStatus> UpdateControl<P> patchIfChanged(
      P resource, S next, List<Condition> conditions) {
    return prepare(resource, next, conditions) ? UpdateControl.patchStatus(statusOnly(resource)) : UpdateControl.noUpdate();
  }

  public <P extends CustomResource<?, S>, S extends ResourceStatus> ErrorStatusUpdateControl<P> errorIfChanged(
      P resource, S next, List<Condition> conditions) {
    if (conditions.stream().anyMatch(c -> CONFLICT.equals(c.reason))) {
      // A 409 means another writer got there first: nothing is wrong with the object, and JOSDK's
      // retry (from a fresh read; 2 s at first by its default) follows; a Ready=False "Conflict" in
      // between would only flap.
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    return prepare(resource, next, conditions)
        ? ErrorStatusUpdateControl.patchStatus(statusOnly(resource))
        : ErrorStatusUpdateControl.noStatusUpdate();
  }

  /**
   * What the status apply sends: the resource's identity (its uid too, so a status never lands on a
   * namesake created since the read) and its status, without its resourceVersion. JOSDK applies
   * the object it is given; with the read resourceVersion in it, any write in between (a label,
   * the finalizer, another writer's status field) made the API server refuse the apply with 409
   * and the status waited for a retry. The operator is the only writer of these status fields and
   * one resource is reconciled at a time, so the lock guarded nothing.
   */
  @SuppressWarnings("unchecked")
  static <P extends CustomResource<?, S>, S extends ResourceStatus> P statusOnly(P resource) {
    P copy;
    try {
      copy = (P) resource.getClass().getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("custom resource class without a public no-argument constructor: "
          + resource.getClass().getName(), e);
    }
    copy.setMetadata(new ObjectMetaBuilder().withName(resource.getMetadata().getName())
        .withNamespace(resource.getMetadata().getNamespace()).withUid(resource.getMetadata().getUid()).build());
    copy.setSpec(null);
    copy.setStatus(resource.getStatus());
    return copy;
  }

  /** Fills {@code next} from the resource; sets it and returns true when it differs from the stored one. */
  <P extends CustomResource<?, S>, S extends ResourceStatus> boolean prepare(
      P resource, S next, List<Condition> conditions) {
    S previous = resource.getStatus();
    next.observedGeneration = resource.getMetadata().getGeneration();
    next.conditions = Conditions.merge(previous == null ? null : previous.conditions, conditions, clock.instant());
    ChangeHistory.record(resource, previous, next, clock.instant());
    if (previous != null && writtenHere(previous).equals(writtenHere(next))) {
      return false;
    }
    events.transitions(resource, previous == null ? null : previous.conditions,
        next.conditions);
    resource.setStatus(next);
    return true;
  }

  /**
   * A status without the fields another writer owns. {@code next} never sets them, so the
   * server-side apply of it leaves them alone; they must not count as a difference either.
   */
  private static JsonNode writtenHere(ResourceStatus status) {
    try {
      JsonNode fields = JSON.readTree(Serialization.asJson(status));
      if (fields instanceof ObjectNode object) {
        object.remove(status.fieldsWrittenElsewhere());
      }
      return fields;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A CamelCase reason for a failed reconcile. */
  public static String reasonOf(Exception e) {
    if (find(e, Provenance.ForeignObject.class) != null) {
      return Provenance.CONFLICT_REASON;
    }
    Throwable cause = find(e, KubernetesClientException.class);
    if (cause instanceof KubernetesClientException k) {
      return switch (k.getCode()) {
        case 403 -> "Forbidden";
        case 409 -> CONFLICT;
        case 422 -> "Invalid";
        default -> "KubernetesApiError";
      };
    }
    return "ReconcileError";
  }

  /**
   * A short, safe description of a failure: the API server's own status message (it names objects
   * and fields, not secret values) or the exception type; never a request body.
   */
  public static String describe(Exception e) {
    Provenance.ForeignObject foreign = find(e, Provenance.ForeignObject.class);
    if (foreign != null) {
      return foreign.getMessage();
    }
    KubernetesClientException k = find(e, KubernetesClientException.class);
    String text;
    if (k != null && k.getStatus() != null && k.getStatus().getMessage() != null) {
      text = "Kubernetes API answered " + k.getCode() + ": " + k.getStatus().getMessage();
    } else if (k != null && k.getCode() != 0) {
      text = "reconcile failed: " + k.getClass().getSimpleName() + " (HTTP " + k.getCode() + ")";
    } else {
      text = "reconcile failed: " + innermost(e).getClass().getSimpleName();
    }
    return text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "..." : text;
  }

  /**
   * The first {@code type} among the causes of {@code e} and, for a failed workflow, among the
   * failures of its dependents (JOSDK aggregates them without a cause), in dependent-name order.
   */
  public static <T extends Throwable> T find(Throwable e, Class<T> type) {
    java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    java.util.Deque<Throwable> todo = new java.util.ArrayDeque<>();
    todo.add(e);
    while (!todo.isEmpty()) {
      Throwable t = todo.poll();
      if (t == null || !seen.add(t)) {
        continue;
      }
      if (type.isInstance(t)) {
        return type.cast(t);
      }
      if (t instanceof io.javaoperatorsdk.operator.AggregatedOperatorException aggregated) {
        new java.util.TreeMap<>(aggregated.getAggregatedExceptions()).values().forEach(todo::add);
      }
      if (t.getCause() != null) {
        todo.add(t.getCause());
      }
    }
    return null;
  }

  /** What actually failed, below JOSDK's wrappers. */
  private static Throwable innermost(Throwable e) {
    Throwable t = e;
    for (int depth = 0; depth < 20; depth++) {
      if (t instanceof io.javaoperatorsdk.operator.AggregatedOperatorException aggregated
          && !aggregated.getAggregatedExceptions().isEmpty()) {
        t = new java.util.TreeMap<>(aggregated.getAggregatedExceptions()).firstEntry().getValue();
      } else if (t.getCause() != null && t.getCause() != t) {
        t = t.getCause();
      } else {
        break;
      }
    }
    return t;
  }
}
