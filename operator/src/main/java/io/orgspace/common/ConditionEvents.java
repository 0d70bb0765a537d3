package io.orgspace.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.events.v1.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.orgspace.api.Condition;
import io.orgspace.api.Labels;
import io.orgspace.api.Organization;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes Events on Orgspace's resources when a condition changes (status or reason): what
 * `kubectl describe` shows. Written only on a change, never on a resync; sent in the background
 * so a slow Events API never holds a reconcile back. Messages are the conditions' own, which
 * never carry secrets.
 */
public final class ConditionEvents {
  private static final Logger log = LoggerFactory.getLogger(ConditionEvents.class);
  /** Distinguishes these Events from the webhook's delivery records. */
  public static final String LABEL = "orgspace.io/event";
  public static final String LABEL_VALUE = "condition";
  private static final DateTimeFormatter MICRO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX");
  private static final java.util.concurrent.atomic.AtomicInteger SEQUENCE = new java.util.concurrent.atomic.AtomicInteger();
  private static volatile KubernetesClient client;
  private static volatile String instance;
  private static final ExecutorService SENDER = Executors.newSingleThreadExecutor(r -> {
    Thread thread = new Thread(r, "orgspace-events");
    thread.setDaemon(true);
    return thread;
  });

  private ConditionEvents() {}

  public static void install(KubernetesClient kubernetesClient, String reportingInstance) {
    client = kubernetesClient;
    instance = reportingInstance;
  }

  /** Records an Event for each condition of {@code next} whose status or reason differs from before. */
  public static void transitions(HasMetadata resource, List<Condition> previous, List<Condition> next) {
    KubernetesClient target = client;
    if (target == null || next == null) {
      return;
    }
    for (Condition condition : next) {
      Condition before = previous == null ? null
          : previous.stream().filter(c -> condition.type.equals(c.type)).findFirst().orElse(null);
      if (before != null && Objects.equals(before.status, condition.status)
          && Objects.equals(before.reason, condition.reason)) {
        continue;
      }
      var event = event(resource, condition);
      SENDER.execute(() -> {
        try {
          target.resource(event).create();
        } catch (RuntimeException e) {
          if (String.valueOf(e.getMessage()).contains("being terminated")) {
            return; // the namespace is going away, and its events with it
          }
          log.warn("event {} for {} not recorded: {}", condition.reason, resource.getMetadata().getName(),
              io.orgspace.common.StatusUpdates.describe(e));
        }
      });
    }
  }

  static io.fabric8.kubernetes.api.model.events.v1.Event event(HasMetadata resource, Condition condition) {
    // Events of cluster-scoped objects (Organizations) live in "default", as Kubernetes' own do.
    String namespace = resource.getMetadata().getNamespace() != null ? resource.getMetadata().getNamespace() : "default";
    String organization = resource instanceof Organization ? resource.getMetadata().getName()
        : Organization.fromHomeNamespace(resource.getMetadata().getNamespace());
    Map<String, String> labels = organization == null ? new java.util.LinkedHashMap<>(Map.of(Labels.MANAGED_BY,
        Labels.MANAGED_BY_VALUE)) : Labels.forOrganization(organization);
    labels.put(LABEL, LABEL_VALUE);
    String note = condition.type + ": " + (condition.message == null ? "" : condition.message);
    return new EventBuilder()
        .withNewMetadata()
        .withName(io.orgspace.api.Names.fit(resource.getMetadata().getName(), 200) + "."
            + Long.toHexString(System.currentTimeMillis()) + Integer.toHexString(SEQUENCE.incrementAndGet() & 0xfff))
        .withNamespace(namespace).withLabels(labels)
        .endMetadata()
        .withRegarding(new ObjectReferenceBuilder().withApiVersion(resource.getApiVersion())
            .withKind(resource.getKind()).withName(resource.getMetadata().getName())
            .withNamespace(resource.getMetadata().getNamespace()).withUid(resource.getMetadata().getUid()).build())
        .withType(Condition.FALSE.equals(condition.status) ? "Warning" : "Normal")
        .withReason(condition.reason)
        .withAction("Reconcile")
        .withNote(note.length() > 1000 ? note.substring(0, 1000) : note)
        .withReportingController("orgspace.io/operator")
        .withReportingInstance(instance)
        .withEventTime(new MicroTime(MICRO.format(ZonedDateTime.now(ZoneOffset.UTC))))
        .build();
  }
}
