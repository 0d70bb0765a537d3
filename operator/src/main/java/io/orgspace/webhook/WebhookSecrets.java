package io.orgspace.webhook;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.orgspace.api.Project;
import io.orgspace.common.StatusUpdates;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook secrets the Projects name, each watched by its own informer that selects that one
 * Secret by name (users' Secrets carry no Orgspace label, and the operator does not cache every
 * Secret of the cluster): a delivery, accepted or refused, reads its secret without a request to
 * the API server, and a rotated secret is seen as soon as the watch delivers it. Follows the
 * Projects' informer: an informer starts with the first Project naming a Secret and stops with
 * the last.
 */
final class WebhookSecrets implements ResourceEventHandler<Project>, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebhookSecrets.class);

  /** What one Project's secret lookup found. */
  enum Lookup { FOUND, NO_REFERENCE, MISSING }

  record Value(Lookup lookup, byte[] bytes) {}

  private record Watched(SharedIndexInformer<Secret> informer, Set<String> projects) {}

  private final KubernetesClient client;
  /** namespace/name of a Secret -> its informer and the Projects (namespace/name) naming it. */
  private final Map<String, Watched> watched = new HashMap<>();
  /** namespace/name of a Project -> namespace/name of the Secret it names. */
  private final Map<String, String> named = new HashMap<>();

  WebhookSecrets(KubernetesClient client) {
    this.client = client;
  }

  Value value(Project project) {
    var ref = project.getSpec().repository.webhookSecretRef;
    if (ref == null) {
      return new Value(Lookup.NO_REFERENCE, null);
    }
    String key = project.getMetadata().getNamespace() + "/" + ref.name;
    Watched watch;
    synchronized (this) {
      watch = watched.get(key);
    }
    Secret secret = watch == null ? null : watch.informer().getStore().getByKey(key);
    String data = secret == null || secret.getData() == null ? null : secret.getData().get(ref.key);
    return data == null ? new Value(Lookup.MISSING, null) : new Value(Lookup.FOUND, Base64.getDecoder().decode(data));
  }

  synchronized boolean hasSynced() {
    return watched.values().stream().allMatch(w -> w.informer().hasSynced());
  }

  @Override
  public synchronized void onAdd(Project project) {
    follow(project);
  }

  @Override
  public synchronized void onUpdate(Project before, Project project) {
    follow(project);
  }

  @Override
  public synchronized void onDelete(Project project, boolean finalStateUnknown) {
    unfollow(key(project));
  }

  private void follow(Project project) {
    var ref = project.getSpec() == null || project.getSpec().repository == null ? null
        : project.getSpec().repository.webhookSecretRef;
    String secret = ref == null ? null : project.getMetadata().getNamespace() + "/" + ref.name;
    String projectKey = key(project);
    if (java.util.Objects.equals(named.get(projectKey), secret)) {
      return;
    }
    unfollow(projectKey);
    if (secret == null) {
      return;
    }
    named.put(projectKey, secret);
    watched.computeIfAbsent(secret, s -> new Watched(watch(project.getMetadata().getNamespace(), ref.name), new HashSet<>()))
        .projects().add(projectKey);
  }

  private void unfollow(String projectKey) {
    String secret = named.remove(projectKey);
    Watched watch = secret == null ? null : watched.get(secret);
    if (watch != null && watch.projects().remove(projectKey) && watch.projects().isEmpty()) {
      watched.remove(secret);
      watch.informer().close();
    }
  }

  private SharedIndexInformer<Secret> watch(String namespace, String name) {
    SharedIndexInformer<Secret> informer = client.secrets().inNamespace(namespace).withName(name).runnableInformer(0);
    informer.start(); // does not wait: this runs on the Projects' informer thread
    informer.stopped().whenComplete((ignored, error) -> {
      if (error != null) {
        log.warn("watching webhook Secret {}/{} stopped: {}; its project's deliveries are refused", namespace, name,
            StatusUpdates.describe(error instanceof Exception e ? e : new IllegalStateException(error)));
      }
    });
    return informer;
  }

  private static String key(Project project) {
    return project.getMetadata().getNamespace() + "/" + project.getMetadata().getName();
  }

  @Override
  public synchronized void close() {
    List.copyOf(watched.values()).forEach(w -> w.informer().close());
    watched.clear();
    named.clear();
  }
}
