package io.orgspace.webhook;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.orgspace.api.Project;
import io.orgspace.api.ProjectStatus;
import io.orgspace.api.WebhookStatus;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps the webhook's memory of pull requests in the Project's {@code status.webhook}: out of
 * tenants' reach (no role grants a status subresource), shared by every replica, kept across
 * restarts, and gone with the Project. Written with server-side apply on the status subresource
 * under the webhook's own field manager — the project controller's status writes leave the field
 * alone — and only if the Project did not change since it was read (its resourceVersion is the
 * apply's precondition), so two replicas never both act on one state.
 */
final class PullRequestLedger {
  private final KubernetesClient client;
  /**
   * The Projects this process wrote, by uid, until the informer's watch catches up with them
   * (milliseconds): then the informer's copy is the newest again and this one is dropped.
   */
  private final Map<String, Project> written = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Project> eldest) {
      return size() > 1_000;
    }
  });

  PullRequestLedger(KubernetesClient client) {
    this.client = client;
  }

  static WebhookStatus memory(Project project) {
    return project.getStatus() == null ? null : project.getStatus().webhook;
  }

  /** The newer of the informer's copy and the one this process last wrote. */
  Project newest(Project cached) {
    Project mine = written.get(cached.getMetadata().getUid());
    if (mine == null) {
      return cached;
    }
    if (version(mine) > version(cached)) {
      return mine;
    }
    written.remove(cached.getMetadata().getUid(), mine);
    return cached;
  }

  /**
   * Stores {@code memory} on {@code read}'s Project; returns the Project as stored, or null when
   * it changed since {@code read} (then read it again with {@link #fresh} and decide again).
   */
  Project write(Project read, WebhookStatus memory) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", read.getMetadata().getName());
    metadata.put("namespace", read.getMetadata().getNamespace());
    metadata.put("resourceVersion", read.getMetadata().getResourceVersion());
    Map<String, Object> patch = new LinkedHashMap<>();
    patch.put("apiVersion", read.getApiVersion());
    patch.put("kind", read.getKind());
    patch.put("metadata", metadata);
    patch.put("status", Map.of(ProjectStatus.WEBHOOK_FIELD, memory));
    try {
      Project stored = client.resources(Project.class).inNamespace(read.getMetadata().getNamespace())
          .withName(read.getMetadata().getName()).subresource("status")
          .patch(new PatchContext.Builder().withPatchType(PatchType.SERVER_SIDE_APPLY)
              .withFieldManager(PreviewWriter.FIELD_MANAGER).withForce(true).build(),
              client.getKubernetesSerialization().asJson(patch));
      written.put(stored.getMetadata().getUid(), stored);
      return stored;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return null;
      }
      throw e;
    }
  }

  /** The Project as the API server has it now (one request: only after a lost race). */
  Project fresh(Project project) {
    Project current = client.resources(Project.class).inNamespace(project.getMetadata().getNamespace())
        .withName(project.getMetadata().getName()).get();
    if (current == null) {
      throw new KubernetesClientException("project " + project.getMetadata().getName() + " was deleted", 404, null);
    }
    written.put(current.getMetadata().getUid(), current);
    return current;
  }

  /** Resource versions are etcd revisions; one that is not a number counts as oldest. */
  private static long version(Project project) {
    try {
      return Long.parseLong(project.getMetadata().getResourceVersion());
    } catch (RuntimeException e) {
      return -1;
    }
  }
}
