package io.orgspace.environment;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.orgspace.api.BasicAuth;
import io.orgspace.api.Environment;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * An environment's basic-auth credentials: from the Secret the Environment names, else the ones
 * generated earlier (kept in the credentials Secret), else new ones — decided once per reconcile so
 * that the credentials Secret and the htpasswd agree.
 *
 * @param source the Secret the credentials come from, as uid/resourceVersion; null while the
 *     generated ones are not stored yet
 * @param generated whether Orgspace generated them
 */
record BasicAuthCredentials(String username, String password, String source, boolean generated) {
  static final String DEFAULT_USER = "preview";

  /**
   * @param stored the credentials Secret Orgspace generated earlier, if any
   * @return null when the Secret the Environment names is missing or holds no password
   */
  static BasicAuthCredentials of(Environment environment, KubernetesClient client, Secret stored) {
    BasicAuth basicAuth = environment.getSpec().basicAuth;
    if (basicAuth != null && basicAuth.secretName != null) {
      Secret own = client.secrets().inNamespace(environment.getMetadata().getNamespace())
          .withName(basicAuth.secretName).get();
      return own == null ? null : fromSecret(own, false);
    }
    BasicAuthCredentials generated = stored == null ? null : fromSecret(stored, true);
    return generated != null ? generated : new BasicAuthCredentials(DEFAULT_USER, Htpasswd.generatePassword(), null, true);
  }

  private static BasicAuthCredentials fromSecret(Secret secret, boolean generated) {
    if (secret.getData() == null || secret.getData().get("password") == null) {
      return null;
    }
    String username = secret.getData().get("username");
    return new BasicAuthCredentials(username == null ? DEFAULT_USER : decode(username),
        decode(secret.getData().get("password")),
        secret.getMetadata().getUid() + "/" + secret.getMetadata().getResourceVersion(), generated);
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  /** Never in a log or an exception message. */
  @Override
  public String toString() {
    return "BasicAuthCredentials[username=" + username + ", source=" + source + ", generated=" + generated + "]";
  }
}
