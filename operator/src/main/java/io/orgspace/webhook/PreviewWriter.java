package io.orgspace.webhook;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.orgspace.api.Attribution;
import io.orgspace.api.Environment;
import io.orgspace.api.EnvironmentSpec;
import io.orgspace.api.Labels;
import io.orgspace.api.Project;
import io.orgspace.api.PullRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a pull request's Environment: server-side apply of its spec only (the Environment
 * reconciler does the rest), or its deletion. What orders the events is not on the Environment,
 * which tenants may edit and which a close deletes, but in the Project's status
 * ({@link PullRequestLedger}).
 */
public final class PreviewWriter {
  public static final String FIELD_MANAGER = "orgspace-webhook";

  private final KubernetesClient client;

  public PreviewWriter(KubernetesClient client) {
    this.client = client;
  }

  public static String environmentName(Project project, long number) {
    return project.getMetadata().getName() + "-pr-" + number;
  }

  static Environment desired(Project project, String organization, PullRequestEvent event) {
    Map<String, String> labels = new LinkedHashMap<>(Labels.forOrganization(organization));
    labels.put(Labels.PROJECT, project.getMetadata().getName());
    Environment environment = new Environment();
    environment.setMetadata(new ObjectMetaBuilder()
        .withName(environmentName(project, event.number()))
        .withNamespace(project.getMetadata().getNamespace())
        .withLabels(labels)
        .withAnnotations(forgeAnnotations(project, event.actors()))
        .build());
    EnvironmentSpec spec = new EnvironmentSpec();
    spec.project = project.getMetadata().getName();
    spec.pullRequest = new PullRequest();
    spec.pullRequest.number = event.number();
    spec.pullRequest.headSha = event.headSha();
    spec.pullRequest.branch = event.branch() == null || event.branch().length() > 255 ? null : event.branch();
    environment.setSpec(spec);
    return environment;
  }

  /**
   * Who on the forge caused this write, for the Environment's change history. The API server keeps
   * these only from a writer allowed to set them (the operator); see {@link Attribution}.
   */
  static Map<String, String> forgeAnnotations(Project project, PullRequestEvent.Actors actors) {
    Map<String, String> annotations = new LinkedHashMap<>();
    if (project.getSpec() != null && project.getSpec().repository != null && project.getSpec().repository.provider != null) {
      annotations.put(Attribution.FORGE_PROVIDER, project.getSpec().repository.provider.name());
    }
    putBounded(annotations, Attribution.FORGE_AUTHOR, actors.author());
    putBounded(annotations, Attribution.FORGE_SENDER, actors.sender());
    putBounded(annotations, Attribution.FORGE_URL, actors.url());
    return annotations;
  }

  private static void putBounded(Map<String, String> annotations, String key, String value) {
    if (value != null && !value.isBlank()) {
      annotations.put(key, value.length() > Attribution.MAX_FORGE_VALUE ? value.substring(0, Attribution.MAX_FORGE_VALUE) : value);
    }
  }

  public void apply(Project project, String organization, PullRequestEvent event) {
    client.resource(desired(project, organization, event)).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
  }

  public boolean delete(Project project, long number) {
    return !client.resources(Environment.class).inNamespace(project.getMetadata().getNamespace())
        .withName(environmentName(project, number)).delete().isEmpty();
  }
}
