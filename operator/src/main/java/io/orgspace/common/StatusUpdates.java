package io.orgspace.common;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Writes a status only when it differs from the one already stored, so that a resync of a
 * converged cluster makes no write; condition transition times move only when a status moves.
 */
public final class StatusUpdates {
  /** The field manager of every server-side apply Orgspace makes. */
  public static final String FIELD_MANAGER = "orgspace";
  private static final int MAX_MESSAGE = 300;

  private StatusUpdates() {}

  public static <P extends CustomResource<?, S>, S extends ResourceStatus> UpdateControl<P> patchIfChanged(
      P resource, S next, List<Condition> conditions) {
    return prepare(resource, next, conditions) ? UpdateControl.patchStatus(resource) : UpdateControl.noUpdate();
  }

  public static <P extends CustomResource<?, S>, S extends ResourceStatus> ErrorStatusUpdateControl<P> errorIfChanged(
      P resource, S next, List<Condition> conditions) {
    return prepare(resource, next, conditions)
        ? ErrorStatusUpdateControl.patchStatus(resource)
        : ErrorStatusUpdateControl.noStatusUpdate();
  }

  /** Fills {@code next} from the resource; sets it and returns true when it differs from the stored one. */
  static <P extends CustomResource<?, S>, S extends ResourceStatus> boolean prepare(
      P resource, S next, List<Condition> conditions) {
    S previous = resource.getStatus();
    next.observedGeneration = resource.getMetadata().getGeneration();
    next.conditions = Conditions.merge(previous == null ? null : previous.conditions, conditions, Instant.now());
    if (previous != null && Objects.equals(Serialization.asJson(previous), Serialization.asJson(next))) {
      return false;
    }
    io.orgspace.runtime.ConditionEvents.transitions(resource, previous == null ? null : previous.conditions,
        next.conditions);
    resource.setStatus(next);
    return true;
  }

  /** A CamelCase reason for a failed reconcile. */
  public static String reasonOf(Exception e) {
    Throwable cause = rootKubernetesError(e);
    if (cause instanceof KubernetesClientException k) {
      return switch (k.getCode()) {
        case 403 -> "Forbidden";
        case 409 -> "Conflict";
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
    Throwable cause = rootKubernetesError(e);
    String text;
    if (cause instanceof KubernetesClientException k && k.getStatus() != null && k.getStatus().getMessage() != null) {
      text = "Kubernetes API answered " + k.getCode() + ": " + k.getStatus().getMessage();
    } else if (cause instanceof KubernetesClientException k && k.getCode() != 0) {
      text = "reconcile failed: " + cause.getClass().getSimpleName() + " (HTTP " + k.getCode() + ")";
    } else {
      text = "reconcile failed: " + cause.getClass().getSimpleName();
    }
    return text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "..." : text;
  }

  /**
   * The Kubernetes API error behind a failure, through causes and through the failures a workflow
   * aggregates (one per dependent); else the failure itself.
   */
  private static Throwable rootKubernetesError(Throwable e) {
    Throwable found = findKubernetesError(e, 0);
    return found != null ? found : e;
  }

  private static Throwable findKubernetesError(Throwable e, int depth) {
    for (Throwable t = e; t != null && depth < 16; t = t.getCause() == t ? null : t.getCause(), depth++) {
      if (t instanceof KubernetesClientException) {
        return t;
      }
      if (t instanceof io.javaoperatorsdk.operator.AggregatedOperatorException aggregated) {
        for (Exception each : aggregated.getAggregatedExceptions().values()) {
          Throwable found = findKubernetesError(each, depth + 1);
          if (found != null) {
            return found;
          }
        }
      }
    }
    return null;
  }
}
