package io.orgspace.apikey;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.orgspace.common.CompactItemStore;
import io.orgspace.access.ApiKeyPlan;
import io.orgspace.api.ApiKey;
import io.orgspace.common.OwnedDependent;
import io.orgspace.runtime.OrgspaceMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The token Secret: kept as it is while its token is due for neither rotation nor replacement
 * (ServiceAccount recreated, rotation requested); else a new bound token from the TokenRequest
 * API replaces it in place, so that consumers re-reading the Secret keep working.
 */
@KubernetesDependent(informer = @Informer(itemStore = CompactItemStore.class, labelSelector = ApiKeyObjects.TOKEN_SELECTOR))
public class TokenSecretDependent extends OwnedDependent<Secret, ApiKey> {
  public TokenSecretDependent() {
    super(Secret.class);
  }

  @Override
  protected ResourceID targetSecondaryResourceID(ApiKey key, Context<ApiKey> context) {
    return new ResourceID(ApiKeyPlan.serviceAccountName(key), key.getMetadata().getNamespace());
  }

  @Override
  protected Secret desired(ApiKey key, Context<ApiKey> context) {
    ApiKeyContext state = ApiKeyContext.of(context);
    ApiKeyPlan plan = state.plan();
    ServiceAccount account = context.getSecondaryResource(ServiceAccount.class, ServiceAccountDependent.NAME).orElseThrow(
        () -> new IllegalStateException("ServiceAccount " + plan.serviceAccount() + " not in the cache yet"));
    Optional<Secret> actual = getSecondaryResource(key, context);
    String request = key.getMetadata().getAnnotations() == null ? null
        : key.getMetadata().getAnnotations().get(ApiKeyObjects.ROTATE);
    Instant now = state.now();
    if (actual.isPresent() && !due(actual.get(), account, request, plan, now)) {
      return keep(actual.get(), key);
    }
    TokenRequest issued = context.getClient().serviceAccounts().inNamespace(key.getMetadata().getNamespace())
        .withName(plan.serviceAccount()).tokenRequest(new TokenRequestBuilder().withNewSpec()
            .withExpirationSeconds(plan.tokenSeconds(now)).endSpec().build());
    Instant expires = Instant.parse(issued.getStatus().getExpirationTimestamp());
    OrgspaceMetrics.apiKeyTokenIssued(actual.isPresent());
    Map<String, String> annotations = new LinkedHashMap<>();
    // Milliseconds: a rotation right after issuance must still show a later time.
    annotations.put(ApiKeyObjects.ISSUED_AT, now.truncatedTo(ChronoUnit.MILLIS).toString());
    annotations.put(ApiKeyObjects.EXPIRES_AT, expires.toString());
    annotations.put(ApiKeyObjects.SERVICE_ACCOUNT_UID, account.getMetadata().getUid());
    if (request != null) {
      annotations.put(ApiKeyObjects.ROTATION_REQUEST, request);
    }
    String token = issued.getStatus().getToken();
    return new SecretBuilder()
        .withNewMetadata().withName(plan.secretName()).withNamespace(key.getMetadata().getNamespace())
        .withLabels(ApiKeyObjects.labels(key)).withAnnotations(annotations).endMetadata()
        .withType("Opaque")
        .withData(Map.of(
            "token", encode(token),
            "kubeconfig", encode(Kubeconfigs.forToken(context.getClient(), key, plan.serviceAccount(), token)),
            "expiresAt", encode(expires.toString())))
        .build();
  }

  private static Secret keep(Secret actual, ApiKey key) {
    return new SecretBuilder()
        .withNewMetadata().withName(actual.getMetadata().getName()).withNamespace(actual.getMetadata().getNamespace())
        .withLabels(ApiKeyObjects.labels(key)).withAnnotations(actual.getMetadata().getAnnotations() == null ? Map.of()
            : onlyOurs(actual.getMetadata().getAnnotations())).endMetadata()
        .withType("Opaque")
        .withData(actual.getData())
        .build();
  }

  private static Map<String, String> onlyOurs(Map<String, String> annotations) {
    Map<String, String> ours = new LinkedHashMap<>();
    for (String key : new String[] {ApiKeyObjects.ISSUED_AT, ApiKeyObjects.EXPIRES_AT,
        ApiKeyObjects.SERVICE_ACCOUNT_UID, ApiKeyObjects.ROTATION_REQUEST}) {
      if (annotations.containsKey(key)) {
        ours.put(key, annotations.get(key));
      }
    }
    return ours;
  }

  static boolean due(Secret secret, ServiceAccount account, String request, ApiKeyPlan plan, Instant now) {
    Map<String, String> annotations = secret.getMetadata().getAnnotations();
    if (annotations == null || secret.getData() == null || !secret.getData().containsKey("token")) {
      return true;
    }
    if (!account.getMetadata().getUid().equals(annotations.get(ApiKeyObjects.SERVICE_ACCOUNT_UID))) {
      return true; // the ServiceAccount was recreated: the old token is dead
    }
    if (request != null && !request.equals(annotations.get(ApiKeyObjects.ROTATION_REQUEST))) {
      return true;
    }
    String issued = annotations.get(ApiKeyObjects.ISSUED_AT);
    return issued == null || !now.isBefore(plan.rotateAt(Instant.parse(issued)));
  }

  private static String encode(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
