package io.orgspace.webhook;

import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.api.model.events.v1.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.orgspace.api.Labels;
import io.orgspace.api.Names;
import io.orgspace.api.Organization;
import io.orgspace.api.Project;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Accepted deliveries, for audit and against replays: a Kubernetes Event on the Project, named
 * after the delivery id (it outlives a restart, for the API server's event TTL), and a bounded
 * in-memory set for the deliveries of this process; both are read without a request.
 */
public final class DeliveryLog {
  private static final int REMEMBERED = 10_000;
  private static final DateTimeFormatter MICRO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'");
  private final KubernetesClient client;
  private final String instance;
  private final Set<String> recent = Collections.synchronizedSet(Collections.newSetFromMap(
      new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > REMEMBERED;
        }
      }));

  private final io.fabric8.kubernetes.client.informers.cache.Indexer<Event> events;

  /** @param events a cache of Orgspace's own Events (label-filtered informer) */
  public DeliveryLog(KubernetesClient client, String instance,
      io.fabric8.kubernetes.client.informers.cache.Indexer<Event> events) {
    this.client = client;
    this.instance = instance;
    this.events = events;
  }

  static String eventName(Project project, String deliveryId) {
    return project.getMetadata().getName() + ".delivery-" + Names.hash(deliveryId, 20);
  }

  private static String key(Project project, String deliveryId) {
    return project.getMetadata().getNamespace() + "/" + project.getMetadata().getName() + "/" + deliveryId;
  }

  public boolean seen(Project project, String deliveryId) {
    if (recent.contains(key(project, deliveryId))) {
      return true;
    }
    return events.getByKey(project.getMetadata().getNamespace() + "/" + eventName(project, deliveryId)) != null;
  }

  /** Remembers an applied delivery in memory: a replay right after is caught without a request. */
  public void remember(Project project, String deliveryId) {
    recent.add(key(project, deliveryId));
  }

  /** Records an applied delivery as an Event; a concurrent duplicate that got here first is fine. */
  public void record(Project project, String provider, String deliveryId, long number, String action, String outcome) {
    remember(project, deliveryId);
    String organization = Organization.fromHomeNamespace(project.getMetadata().getNamespace());
    Event event = new EventBuilder()
        .withNewMetadata()
        .withName(eventName(project, deliveryId))
        .withNamespace(project.getMetadata().getNamespace())
        .withLabels(organization == null ? Map.of(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE) : Labels.forOrganization(organization))
        .endMetadata()
        .withRegarding(new ObjectReferenceBuilder().withApiVersion(project.getApiVersion()).withKind(project.getKind())
            .withName(project.getMetadata().getName()).withNamespace(project.getMetadata().getNamespace())
            .withUid(project.getMetadata().getUid()).build())
        .withReason("WebhookDelivery")
        .withAction(action)
        .withType("Normal")
        .withNote(provider + " delivery " + LogText.of(deliveryId) + ": pull request #" + number + " " + action + " -> " + outcome)
        .withReportingController("orgspace.io/webhook")
        .withReportingInstance(instance)
        .withEventTime(new MicroTime(MICRO.format(ZonedDateTime.now(ZoneOffset.UTC))))
        .build();
    try {
      client.resource(event).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
  }
}
