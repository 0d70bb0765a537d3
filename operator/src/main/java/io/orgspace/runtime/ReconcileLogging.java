package io.orgspace.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.orgspace.common.StatusUpdates;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps the Micrometer metrics to log exactly one line per reconcile outcome
 * (controller, resource, outcome, duration) and to count it in Orgspace's own histogram. Failures are described without their messages'
 * payloads, so no secret can reach the log.
 */
public final class ReconcileLogging implements Metrics {
  private static final Logger log = LoggerFactory.getLogger("io.orgspace.reconcile");
  private final Metrics delegate;

  public ReconcileLogging(Metrics delegate) {
    this.delegate = delegate;
  }

  @Override
  public <T> T timeControllerExecution(ControllerExecution<T> execution) throws Exception {
    long start = System.nanoTime();
    String target = describe(execution.resourceID());
    try {
      T result = delegate.timeControllerExecution(execution);
      long nanos = System.nanoTime() - start;
      OrgspaceMetrics.reconciled(execution.controllerName(), execution.successTypeName(result), nanos);
      log.info("{} {} {}: {} in {} ms", execution.controllerName(), execution.name(), target,
          execution.successTypeName(result), nanos / 1_000_000);
      return result;
    } catch (Exception e) {
      long nanos = System.nanoTime() - start;
      OrgspaceMetrics.reconciled(execution.controllerName(), "error", nanos);
      log.warn("{} {} {}: failed in {} ms: {}", execution.controllerName(), execution.name(), target,
          nanos / 1_000_000, StatusUpdates.describe(e));
      throw e;
    }
  }

  private static String describe(ResourceID id) {
    return id.getNamespace().map(ns -> ns + "/").orElse("") + id.getName();
  }

  @Override
  public void controllerRegistered(Controller<? extends HasMetadata> controller) {
    delegate.controllerRegistered(controller);
  }

  @Override
  public void receivedEvent(Event event, Map<String, Object> metadata) {
    delegate.receivedEvent(event, metadata);
  }

  @Override
  public void reconcileCustomResource(HasMetadata resource, RetryInfo retryInfo, Map<String, Object> metadata) {
    delegate.reconcileCustomResource(resource, retryInfo, metadata);
  }

  @Override
  public void failedReconciliation(HasMetadata resource, Exception exception, Map<String, Object> metadata) {
    delegate.failedReconciliation(resource, exception, metadata);
  }

  @Override
  public void reconciliationExecutionStarted(HasMetadata resource, Map<String, Object> metadata) {
    delegate.reconciliationExecutionStarted(resource, metadata);
  }

  @Override
  public void reconciliationExecutionFinished(HasMetadata resource, Map<String, Object> metadata) {
    delegate.reconciliationExecutionFinished(resource, metadata);
  }

  @Override
  public void cleanupDoneFor(ResourceID resourceID, Map<String, Object> metadata) {
    delegate.cleanupDoneFor(resourceID, metadata);
  }

  @Override
  public void finishedReconciliation(HasMetadata resource, Map<String, Object> metadata) {
    delegate.finishedReconciliation(resource, metadata);
  }

  @Override
  public <M extends Map<?, ?>> M monitorSizeOf(M map, String name) {
    return delegate.monitorSizeOf(map, name);
  }
}
