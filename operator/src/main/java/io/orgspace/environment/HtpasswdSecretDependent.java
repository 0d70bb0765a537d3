package io.orgspace.environment;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.orgspace.common.CompactItemStore;
import io.orgspace.api.Environment;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** The htpasswd the ingress controller checks; rewritten only when the credentials change. */
@KubernetesDependent(informer = @Informer(itemStore = CompactItemStore.class, labelSelector = EnvironmentObjects.HTPASSWD_SELECTOR), createResourceOnlyIfNotExistingWithSSA = false)
public class HtpasswdSecretDependent extends InEnvironmentNamespaceDependent<Secret> {
  public HtpasswdSecretDependent() {
    super(Secret.class, EnvironmentObjects.HTPASSWD);
  }

  /** Routed with basic auth, and the credentials can be had. */
  public static class Protected implements Condition<Object, Environment> {
    @Override
    public boolean isMet(DependentResource<Object, Environment> dr, Environment env, Context<Environment> context) {
      EnvironmentContext state = EnvironmentContext.of(context);
      return state.plan().routable() && state.plan().basicAuth() && state.credentials() != null;
    }
  }

  /**
   * Keeps the existing line while it is the one made from the same credentials Secret version
   * (the annotation names that version and the line's digest: no bcrypt on a resync, and a line
   * replaced by hand is not trusted), else keeps it if it still verifies, else hashes anew.
   */
  @Override
  Secret desired(EnvironmentContext state, Optional<Secret> actual) {
    BasicAuthCredentials credentials = state.credentials();
    String existing = actual
        // "users": the one key every flavour's Secret has (Traefik's has no other).
        .map(s -> s.getData() == null ? null : s.getData().get("users"))
        .map(b64 -> new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8))
        .orElse(null);
    String madeFrom = actual.map(s -> s.getMetadata().getAnnotations())
        .map(a -> a.get(EnvironmentObjects.CREDENTIALS_SOURCE)).orElse(null);
    boolean current = existing != null && credentials.source() != null
        && EnvironmentObjects.credentialsMark(credentials.source(), existing).equals(madeFrom);
    String line = current || Htpasswd.matches(existing, credentials.username(), credentials.password())
        ? existing.strip()
        : Htpasswd.line(credentials.username(), credentials.password(), credentials.generated());
    return EnvironmentObjects.htpasswdSecret(state.plan(), state.settings(), line,
        Htpasswd.shaLine(credentials.username(), credentials.password()),
        credentials.source() == null ? null : EnvironmentObjects.credentialsMark(credentials.source(), line));
  }
}
