package io.orgspace.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.tokenSecretRef) || !has(self.webhookSecretRef)"
    + " || self.tokenSecretRef.name != self.webhookSecretRef.name || self.tokenSecretRef.key != self.webhookSecretRef.key",
    message = "tokenSecretRef must not name the webhook secret: the token is sent to the forge, the webhook secret"
        + " never leaves the cluster")
public class Repository {
  /**
   * The shortest webhook secret taken: a shorter (or empty) one could be guessed, and whoever
   * guesses it signs deliveries that run code with the project's variables and files.
   */
  public static final int MIN_WEBHOOK_SECRET_BYTES = 16;

  @Required
  @JsonPropertyDescription("github, gitlab, gitea or forgejo.")
  public GitProvider provider;

  @Required
  @Size(max = 2048)
  @Pattern("^https://[a-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~%/-]*)?$")
  @JsonPropertyDescription("HTTPS URL of the repository, e.g. https://github.com/acme/shop.")
  public String url;

  @JsonPropertyDescription("Secret (same namespace) holding the webhook secret or token, at least 16 bytes.")
  public SecretKeyRef webhookSecretRef;

  @Size(max = 2048)
  @Pattern("^(https://([a-z0-9-]+\\.)*[a-z][a-z0-9-]*|http://(127\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}|localhost|\\[::1\\]))(:[0-9]{1,5})?(/[A-Za-z0-9._~%/-]*)?$")
  @JsonPropertyDescription("Base URL of the forge's API, where previews are reported on the pull request (commit"
      + " status, comment). Default from url: https://api.github.com for github.com, https://<host>/api/v3 for"
      + " GitHub Enterprise, https://<host>/api/v4 for GitLab, https://<host>/api/v1 for Gitea and Forgejo."
      + " HTTPS to a host name (no IP address, no user information); plain HTTP only to a loopback address."
      + " The operator calls it only when the platform allows it (see docs/security.md).")
  public String apiUrl;

  @JsonPropertyDescription("Secret (same namespace) holding the forge token used to report previews on the pull"
      + " request. Without it nothing is reported. Minimum scopes: see docs/webhooks.md.")
  public SecretKeyRef tokenSecretRef;

  /** Whether a webhook secret may verify deliveries: present and at least {@link #MIN_WEBHOOK_SECRET_BYTES} long. */
  public static boolean isStrongWebhookSecret(byte[] secret) {
    return secret != null && secret.length >= MIN_WEBHOOK_SECRET_BYTES;
  }
}
