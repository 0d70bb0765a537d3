package io.orgspace.forge;

import io.fabric8.kubernetes.api.model.Secret;
import io.orgspace.api.Labels;
import io.orgspace.api.Repository;
import io.orgspace.api.SecretKeyRef;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Which Secret the operator sends to a forge as a Project's token: one that people made for that,
 * in the Project's namespace. Never a Secret Orgspace made (an API key's token, an environment's
 * credentials: they belong to someone else than the Project's writer), never the webhook secret
 * (it signs deliveries; a forge that saw it could sign its own), never a Kubernetes-typed one
 * (service account tokens, registry credentials, TLS keys).
 */
public final class ForgeToken {
  public static final String MISSING = "TokenMissing";
  public static final String NOT_ALLOWED = "TokenSecretNotAllowed";

  /** Why the token cannot be used; the message names the Secret and key, never their value. */
  public record Refusal(String reason, String message) {}

  /**
   * The token's Secret and key, and the webhook secret's (null when none), as a Project names them.
   */
  public record Ref(String secret, String key, String webhookSecret, String webhookKey) {
    /** Empty when the repository names no token. */
    public static Optional<Ref> of(Repository repository) {
      SecretKeyRef token = repository == null ? null : repository.tokenSecretRef;
      if (token == null) {
        return Optional.empty();
      }
      SecretKeyRef hook = repository.webhookSecretRef;
      return Optional.of(new Ref(token.name, token.key, hook == null ? null : hook.name, hook == null ? null : hook.key));
    }
  }

  private ForgeToken() {}

  /** The token, or why there is none to send. */
  public static String read(Ref ref, Secret secret) throws ForgeClient.FeedbackException {
    Optional<Refusal> refusal = problem(ref, secret);
    if (refusal.isPresent()) {
      throw new ForgeClient.FeedbackException(refusal.get().reason(), refusal.get().message());
    }
    String encoded = secret.getData().get(ref.key());
    return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8).strip();
  }

  /** @param secret the Secret tokenSecretRef names, read from the Project's namespace; null when absent */
  public static Optional<Refusal> problem(Ref ref, Secret secret) {
    String named = "Secret " + ref.secret() + " (key " + ref.key() + ") named by the project's repository.tokenSecretRef";
    if (secret == null) {
      return Optional.of(new Refusal(MISSING, named + " is missing"));
    }
    var labels = secret.getMetadata().getLabels();
    boolean madeByOrgspace = (labels != null && Labels.MANAGED_BY_VALUE.equals(labels.get(Labels.MANAGED_BY)))
        || (secret.getMetadata().getOwnerReferences() != null && secret.getMetadata().getOwnerReferences().stream()
            .anyMatch(owner -> owner.getApiVersion() != null && owner.getApiVersion().startsWith("orgspace.io/")));
    if (madeByOrgspace) {
      return Optional.of(new Refusal(NOT_ALLOWED, named + " is made by Orgspace; store the forge token in a Secret of"
          + " your own"));
    }
    if (secret.getType() != null && !secret.getType().isEmpty() && !"Opaque".equals(secret.getType())) {
      return Optional.of(new Refusal(NOT_ALLOWED, named + " is of type " + secret.getType()
          + "; the token must be in an Opaque Secret"));
    }
    if (ref.secret().equals(ref.webhookSecret()) && ref.key().equals(ref.webhookKey())) {
      return Optional.of(new Refusal(NOT_ALLOWED, named + " is the webhook secret, which must never leave the"
          + " cluster; the token needs a key of its own"));
    }
    if (secret.getData() == null || !secret.getData().containsKey(ref.key())) {
      return Optional.of(new Refusal(MISSING, named + " is missing"));
    }
    return Optional.empty();
  }
}
