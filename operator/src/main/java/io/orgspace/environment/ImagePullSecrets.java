package io.orgspace.environment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.orgspace.api.SecretReference;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A project's image pull Secrets: the registry credentials of the released Secrets it names
 * ({@link SourceSecrets}, type {@code kubernetes.io/dockerconfigjson}) merged into one Secret of
 * that type in each environment's namespace ({@link #SECRET}), which the pods name in
 * {@code imagePullSecrets}. For a registry named twice, the first Secret listed wins.
 */
public final class ImagePullSecrets {
  /** The copy in the environment's namespace. */
  public static final String SECRET = "app-image-pull";
  static final String TYPE = "kubernetes.io/dockerconfigjson";
  static final String KEY = ".dockerconfigjson";
  private static final ObjectMapper JSON = new ObjectMapper();

  private ImagePullSecrets() {}

  static List<SecretReference> references(EnvironmentPlan plan) {
    var named = plan.project() == null ? null : plan.project().getSpec().imagePullSecrets;
    return named == null ? List.of() : named;
  }

  /** The pods name the copy when the project names any pull Secret. */
  static void apply(PodSpec pod, EnvironmentPlan plan) {
    if (!references(plan).isEmpty()) {
      pod.setImagePullSecrets(List.of(new LocalObjectReference(SECRET)));
    }
  }

  /**
   * The merged {@code .dockerconfigjson}, base64 as stored; null when nothing is named. What cannot
   * be had is added to {@code problems} by Secret name: never the content, nor a parser's message
   * (which quotes it).
   */
  static String copy(List<SecretReference> references, Function<String, Secret> homeNamespace, List<String> problems) {
    if (references.isEmpty()) {
      return null;
    }
    ObjectNode auths = JSON.createObjectNode();
    for (SecretReference ref : references) {
      Secret source = SourceSecrets.released(ref.name, homeNamespace);
      String field = "imagePullSecrets " + ref.name;
      if (source == null) {
        problems.add(SourceSecrets.notFound(field, ref.name));
        continue;
      }
      String config = source.getData() == null ? null : source.getData().get(KEY);
      if (!TYPE.equals(source.getType()) || config == null) {
        problems.add(field + ": Secret " + ref.name + " is not of type " + TYPE + " with key " + KEY);
        continue;
      }
      JsonNode registries;
      try {
        registries = JSON.readTree(Base64.getDecoder().decode(config)).get("auths");
      } catch (Exception e) { // the message would quote the credentials
        registries = null;
      }
      if (registries == null || !registries.isObject()) {
        problems.add(field + ": key " + KEY + " of Secret " + ref.name + " is not a Docker config with \"auths\"");
        continue;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = registries.fields(); it.hasNext(); ) {
        var registry = it.next();
        if (!auths.has(registry.getKey())) {
          auths.set(registry.getKey(), registry.getValue());
        }
      }
    }
    ObjectNode config = JSON.createObjectNode();
    config.set("auths", auths);
    return Base64.getEncoder().encodeToString(config.toString().getBytes(StandardCharsets.UTF_8));
  }
}
