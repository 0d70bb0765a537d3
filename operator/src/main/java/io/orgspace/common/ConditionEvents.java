package io.orgspace.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.events.v1.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.orgspace.api.Condition;
import io.orgspace.api.Labels;
import io.orgspace.api.Names;
import io.orgspace.api.Organization;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
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
  /** Events of cluster-scoped objects (Organizations) live in this namespace, as Kubernetes' own do. */
  public static final String CLUSTER_SCOPED_NAMESPACE = "default";
  private static final DateTimeFormatter MICRO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX");
  /** Records nothing: for code that writes statuses without a cluster (unit tests). */
  public static final ConditionEvents NONE = new ConditionEvents(null, null, Clock.systemUTC());

  private final AtomicInteger sequence = new AtomicInteger();
  private final KubernetesClient client;
  private final String instance;
  private final Clock clock;
  private final ExecutorService sender;

  /** @param reportingInstance the operator replica's identity, shown as the Events' reporting instance */
  public ConditionEvents(KubernetesClient client, String reportingInstance, Clock clock) {
    this.client = client;
    this.instance = reportingInstance;
    this.clock = clock;
    this.sender = client == null ? null : Executors.newSingleThreadExecutor(r -> {
      Thread thread = new Thread(r, "orgspace-events");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Records an Event for each condition of {@code next} whose status or reason differs from before. */
  public void transitions(HasMetadata resource, List<Condition> previous, List<Condition> next) {
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
      sender.execute(() -> {
        try {
          target.resource(event).create();
        } catch (RuntimeException e) {
          if (String.valueOf(e.getMessage()).contains("being terminated")) {
            return; // the namespace is going away, and its events with it
          }
          log.warn("event {} for {} not recorded: {}", condition.reason, resource.getMetadata().getName(),
              StatusUpdates.describe(e));
        }
      });
    }
  }

  io.fabric8.kubernetes.api.model.events.v1.Event event(HasMetadata resource, Condition condition) {
    String namespace = resource.getMetadata().getNamespace() != null ? resource.getMetadata().getNamespace()
        : CLUSTER_SCOPED_NAMESPACE;
    String organization = resource instanceof Organization ? resource.getMetadata().getName()
        : Organization.fromHomeNamespace(resource.getMetadata().getNamespace());
    Map<String, String> labels = organization == null ? new java.util.LinkedHashMap<>(Map.of(Labels.MANAGED_BY,
        Labels.MANAGED_BY_VALUE)) : Labels.forOrganization(organization);
    labels.put(LABEL, LABEL_VALUE);
    String note = condition.type + ": " + (condition.message == null ? "" : condition.message);
    return new EventBuilder()
        .withNewMetadata()
        .withName(Names.fit(resource.getMetadata().getName(), 200) + "."
            + Long.toHexString(clock.millis()) + Integer.toHexString(sequence.incrementAndGet() & 0xfff))
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
        .withEventTime(new MicroTime(MICRO.format(ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))))
        .build();
  }
}
