package io.orgspace.environment;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.orgspace.api.Environment;
import io.orgspace.api.Labels;
import io.orgspace.api.Project;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What one reconcile copies from the home namespace into the environment's namespace — secret
 * variables and image pull credentials — decided once before any dependent runs. While anything
 * named cannot be had ({@link #problems}), neither the copies nor the Deployment are written: a
 * workload that runs keeps running as it was, and none is made half-configured.
 *
 * @param variables null when no variable is secret
 * @param dockerConfig the merged {@code .dockerconfigjson} (base64); null when no pull Secret is named
 * @param problems by Secret and key, never by value
 */
record SecretCopies(SecretVariables.Copied variables, String dockerConfig, List<String> problems) {
  static final String CONDITION_REASON = "SecretNotAvailable";
  static final SecretCopies NONE = new SecretCopies(null, null, List.of());

  static SecretCopies of(EnvironmentPlan plan, Function<String, Secret> homeNamespace) {
    if (plan.project() == null) {
      return NONE;
    }
    List<String> problems = new ArrayList<>();
    var references = SecretVariables.references(plan.project(), plan.environment());
    SecretVariables.Copied variables = references.isEmpty() ? null
        : SecretVariables.copy(references, homeNamespace, problems);
    String dockerConfig = ImagePullSecrets.copy(ImagePullSecrets.references(plan), homeNamespace, problems);
    return new SecretCopies(variables, dockerConfig, List.copyOf(problems));
  }

  /** The names of the home namespace's Secrets an environment takes anything from (no value). */
  static Set<String> names(Project project, Environment environment) {
    if (project == null) {
      return Set.of();
    }
    Set<String> names = new HashSet<>();
    SecretVariables.references(project, environment).values().forEach(ref -> names.add(ref.name));
    if (project.getSpec().imagePullSecrets != null) {
      project.getSpec().imagePullSecrets.forEach(ref -> names.add(ref.name));
    }
    return names;
  }

  boolean complete() {
    return problems.isEmpty();
  }

  String checksum() {
    return variables == null ? null : variables.checksum();
  }

  static Secret variablesSecret(EnvironmentPlan plan, Map<String, String> data) {
    return copy(plan, SecretVariables.SECRET, "secret-variables", "Opaque", data);
  }

  static Secret imagePullSecret(EnvironmentPlan plan, String dockerConfig) {
    return copy(plan, ImagePullSecrets.SECRET, "image-pull", ImagePullSecrets.TYPE,
        Map.of(ImagePullSecrets.KEY, dockerConfig));
  }

  private static Secret copy(EnvironmentPlan plan, String name, String purpose, String type, Map<String, String> data) {
    var labels = EnvironmentObjects.labels(plan);
    labels.put(Labels.COPY, purpose);
    return new SecretBuilder()
        .withNewMetadata().withName(name).withNamespace(plan.namespace()).withLabels(labels).endMetadata()
        .withType(type).withData(data).build();
  }

  /** Never the values. */
  @Override
  public String toString() {
    return "SecretCopies[variables=" + variables + ", dockerConfig=" + (dockerConfig == null ? "none" : "merged")
        + ", problems=" + problems + "]";
  }
}
