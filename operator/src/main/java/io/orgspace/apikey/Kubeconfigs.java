package io.orgspace.apikey;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.orgspace.api.ApiKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/** A ready-to-use kubeconfig for a key's token, pointing at the cluster the operator talks to. */
final class Kubeconfigs {
  private Kubeconfigs() {}

  static String forToken(KubernetesClient client, ApiKey key, String serviceAccount, String token) {
    Config config = client.getConfiguration();
    String server = System.getenv().getOrDefault("ORGSPACE_API_SERVER_URL", config.getMasterUrl()).replaceAll("/$", "");
    String ca = caData(config);
    String namespace = key.getMetadata().getNamespace();
    String name = namespace + "-" + key.getMetadata().getName();
    return "apiVersion: v1\nkind: Config\nclusters:\n- name: cluster\n  cluster:\n    server: " + server + "\n"
        + (ca == null ? "" : "    certificate-authority-data: " + ca + "\n")
        + "users:\n- name: " + serviceAccount + "\n  user:\n    token: " + token + "\n"
        + "contexts:\n- name: " + name + "\n  context:\n    cluster: cluster\n    user: " + serviceAccount
        + "\n    namespace: " + namespace + "\ncurrent-context: " + name + "\n";
  }

  private static String caData(Config config) {
    if (config.getCaCertData() != null && !config.getCaCertData().isBlank()) {
      return config.getCaCertData();
    }
    if (config.getCaCertFile() != null) {
      try {
        return Base64.getEncoder().encodeToString(Files.readString(Path.of(config.getCaCertFile()))
            .getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        return null;
      }
    }
    return null;
  }
}
