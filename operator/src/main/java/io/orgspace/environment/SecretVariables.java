package io.orgspace.environment;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.orgspace.api.Environment;
import io.orgspace.api.Names;
import io.orgspace.api.Project;
import io.orgspace.api.SecretKeyRef;
import io.orgspace.api.SecretVariable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * secretVariables: environment variables whose values are keys of the organization's released
 * Secrets ({@link SourceSecrets}). The values are copied into one Secret in the environment's
 * namespace ({@link #SECRET}, a key per variable) and read by the container through
 * {@code secretKeyRef}s: they never enter a custom resource, a status or the Deployment. The pod
 * template carries a digest of the copied values, so a rotated source Secret rolls the pods of
 * exactly the environments that take a value from it.
 */
public final class SecretVariables {
  /** The copy in the environment's namespace. */
  public static final String SECRET = "app-secret-variables";
  /** On the pod template: a digest of the copied values (a change rolls the pods). */
  public static final String CHECKSUM = "orgspace.io/secret-variables-checksum";

  private SecretVariables() {}

  /**
   * Variable name to Secret key: the project's, then the environment's; an environment's variable
   * of the same name, plain or secret, takes the place of the project's.
   */
  static Map<String, SecretKeyRef> references(Project project, Environment environment) {
    Map<String, SecretKeyRef> references = new TreeMap<>();
    if (project != null && project.getSpec().secretVariables != null) {
      project.getSpec().secretVariables.forEach((name, variable) -> references.put(name, variable.secretKeyRef));
    }
    if (environment.getSpec().variables != null) {
      environment.getSpec().variables.keySet().forEach(references::remove);
    }
    Map<String, SecretVariable> own = environment.getSpec().secretVariables;
    if (own != null) {
      own.forEach((name, variable) -> references.put(name, variable.secretKeyRef));
    }
    return references;
  }

  /** The container's variables: the plan's plain ones a secret one does not replace, then the secret ones. */
  static List<EnvVar> env(EnvironmentPlan plan) {
    Map<String, SecretKeyRef> secret = plan.project() == null ? Map.of() : references(plan.project(), plan.environment());
    List<EnvVar> env = new ArrayList<>();
    plan.variables().forEach((name, value) -> {
      if (!secret.containsKey(name)) {
        env.add(new EnvVarBuilder().withName(name).withValue(value).build());
      }
    });
    secret.keySet().forEach(name -> env.add(new EnvVarBuilder().withName(name)
        .withNewValueFrom().withNewSecretKeyRef().withName(SECRET).withKey(name).endSecretKeyRef().endValueFrom()
        .build()));
    return env;
  }

  /**
   * The copied values and their digest.
   *
   * @param data base64 values as stored, by variable name
   * @param checksum a digest of each value salted with its source Secret's uid (which no role that
   *     may not read the Secret can see), so the pod template, readable by Managers, gives no way
   *     to test guesses of a value
   */
  record Copied(Map<String, String> data, String checksum) {
    /** Never the values. */
    @Override
    public String toString() {
      return "Copied[variables=" + data.keySet() + ", checksum=" + checksum + "]";
    }
  }

  /**
   * The copied values; what cannot be had is added to {@code problems}, by Secret and key, never
   * by value.
   */
  static Copied copy(Map<String, SecretKeyRef> references, Function<String, Secret> homeNamespace,
      List<String> problems) {
    Map<String, String> data = new TreeMap<>();
    StringBuilder digest = new StringBuilder();
    references.forEach((variable, ref) -> {
      Secret source = SourceSecrets.released(ref.name, homeNamespace);
      String field = "secretVariables " + variable;
      if (source == null) {
        problems.add(SourceSecrets.notFound(field, ref.name));
      } else if (source.getData() == null || !source.getData().containsKey(ref.key)) {
        problems.add(field + ": Secret " + ref.name + " has no key " + ref.key);
      } else {
        String value = source.getData().get(ref.key);
        data.put(variable, value);
        digest.append(variable).append('=').append(source.getMetadata().getUid()).append(':').append(value).append('\n');
      }
    });
    return new Copied(data, Names.hash(digest.toString(), 32));
  }

  /** Marks the pod template with the copied values' digest; nothing when no variable is secret. */
  static void annotate(Deployment deployment, String checksum) {
    if (checksum == null) {
      return;
    }
    var metadata = deployment.getSpec().getTemplate().getMetadata();
    Map<String, String> annotations = metadata.getAnnotations() == null
        ? new LinkedHashMap<>() : new LinkedHashMap<>(metadata.getAnnotations());
    annotations.put(CHECKSUM, checksum);
    metadata.setAnnotations(annotations);
  }
}
