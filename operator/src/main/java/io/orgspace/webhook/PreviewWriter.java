package io.orgspace.webhook;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.orgspace.api.Environment;
import io.orgspace.api.EnvironmentSpec;
import io.orgspace.api.Labels;
import io.orgspace.api.Project;
import io.orgspace.api.PullRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a pull request's Environment: server-side apply of its spec only (the Environment
 * reconciler does the rest), or its deletion.
 */
public final class PreviewWriter {
  public static final String FIELD_MANAGER = "orgspace-webhook";
  /** When the provider last changed the pull request, so that an older event never wins. */
  public static final String UPDATED_AT = "orgspace.io/pull-request-updated-at";

  private final KubernetesClient client;
  private final io.fabric8.kubernetes.client.informers.cache.Indexer<Environment> environments;
  /** What this process applied last per Environment, ahead of the cache catching up. */
  private final Map<String, String> applied = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > 10_000;
    }
  });

  /** @param environments a cache of the Environments Orgspace labelled (label-filtered informer) */
  public PreviewWriter(KubernetesClient client, io.fabric8.kubernetes.client.informers.cache.Indexer<Environment> environments) {
    this.client = client;
    this.environments = environments;
  }

  public static String environmentName(Project project, long number) {
    return project.getMetadata().getName() + "-pr-" + number;
  }

  private static String key(Project project, long number) {
    return project.getMetadata().getNamespace() + "/" + environmentName(project, number);
  }

  /** When the pull request was last changed as far as its Environment (or this process) knows. */
  public String recordedUpdatedAt(Project project, long number) {
    Environment environment = environments.getByKey(key(project, number));
    String cached = environment == null || environment.getMetadata().getAnnotations() == null ? null
        : environment.getMetadata().getAnnotations().get(UPDATED_AT);
    String local = applied.get(key(project, number));
    if (cached == null || local == null) {
      return cached == null ? local : cached;
    }
    return PreviewDecision.isOlder(cached, local) ? local : cached;
  }

  static Environment desired(Project project, String organization, PullRequestEvent event) {
    Map<String, String> labels = new LinkedHashMap<>(Labels.forOrganization(organization));
    labels.put(Labels.PROJECT, project.getMetadata().getName());
    ObjectMetaBuilder meta = new ObjectMetaBuilder()
        .withName(environmentName(project, event.number()))
        .withNamespace(project.getMetadata().getNamespace())
        .withLabels(labels);
    if (event.updatedAt() != null) {
      meta.withAnnotations(Map.of(UPDATED_AT, event.updatedAt()));
    }
    Environment environment = new Environment();
    environment.setMetadata(meta.build());
    EnvironmentSpec spec = new EnvironmentSpec();
    spec.project = project.getMetadata().getName();
    spec.pullRequest = new PullRequest();
    spec.pullRequest.number = event.number();
    spec.pullRequest.headSha = event.headSha();
    spec.pullRequest.branch = event.branch() == null || event.branch().length() > 255 ? null : event.branch();
    environment.setSpec(spec);
    return environment;
  }

  public void apply(Project project, String organization, PullRequestEvent event) {
    client.resource(desired(project, organization, event)).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
    if (event.updatedAt() != null) {
      applied.put(key(project, event.number()), event.updatedAt());
    }
  }

  public boolean delete(Project project, long number, String updatedAt) {
    if (updatedAt != null) {
      applied.put(key(project, number), updatedAt);
    }
    return !client.resources(Environment.class).inNamespace(project.getMetadata().getNamespace())
        .withName(environmentName(project, number)).delete().isEmpty();
  }
}
