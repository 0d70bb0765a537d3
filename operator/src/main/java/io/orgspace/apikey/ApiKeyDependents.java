package io.orgspace.apikey;

import io.orgspace.access.ApiKeyPlan;
import io.orgspace.api.ApiKey;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.orgspace.api.Labels;
import io.orgspace.api.Organization;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The key's ServiceAccount and its token Secret, both owned by the ApiKey. */
public final class ApiKeyDependents {
  static final String ORGANIZATIONS = "organizations";
  static final String SERVICE_ACCOUNT = "service-account";
  /** On the token Secret: when its token was issued and ends, and for which ServiceAccount. */
  public static final String ISSUED_AT = "orgspace.io/issued-at";
  public static final String EXPIRES_AT = "orgspace.io/expires-at";
  public static final String SERVICE_ACCOUNT_UID = "orgspace.io/service-account-uid";
  public static final String ROTATION_REQUEST = "orgspace.io/rotation-request";
  /** Set on an ApiKey to rotate its token now (any new value). */
  public static final String ROTATE = "orgspace.io/rotate";

  private ApiKeyDependents() {}

  static ApiKeyPlan plan(ApiKey key, Context<ApiKey> context) {
    var shared = context.managedWorkflowAndDependentResourceContext();
    Optional<ApiKeyPlan> known = shared.get("orgspace.apikey.plan", ApiKeyPlan.class);
    if (known.isPresent()) {
      return known.get();
    }
    ApiKeyPlan plan = ApiKeyPlan.of(key, context.getSecondaryResource(Organization.class, ORGANIZATIONS).orElse(null),
        Instant.now());
    shared.put("orgspace.apikey.plan", plan);
    return plan;
  }

  static Map<String, String> labels(ApiKey key) {
    Map<String, String> labels = new LinkedHashMap<>(Labels.forOrganization(
        Organization.fromHomeNamespace(key.getMetadata().getNamespace())));
    // A label value holds at most 63 characters; a longer key name is cut with a hash suffix.
    labels.put("orgspace.io/apikey", io.orgspace.api.Names.fit(key.getMetadata().getName(), 63));
    return labels;
  }

  public static class Active implements Condition<Object, ApiKey> {
    @Override
    public boolean isMet(DependentResource<Object, ApiKey> dr, ApiKey key, Context<ApiKey> context) {
      return plan(key, context).active();
    }
  }

  /** Deleting it (revocation, expiry, deletion of the key) invalidates every token at once. */
  @KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
  public static class KeyServiceAccount extends CRUDKubernetesDependentResource<ServiceAccount, ApiKey> {
    public KeyServiceAccount() {
      super(ServiceAccount.class);
    }

    @Override
    protected ResourceID targetSecondaryResourceID(ApiKey key, Context<ApiKey> context) {
      return new ResourceID(ApiKeyPlan.serviceAccountName(key), key.getMetadata().getNamespace());
    }

    @Override
    protected ServiceAccount desired(ApiKey key, Context<ApiKey> context) {
      return new ServiceAccountBuilder()
          .withNewMetadata().withName(ApiKeyPlan.serviceAccountName(key)).withNamespace(key.getMetadata().getNamespace())
          .withLabels(labels(key)).endMetadata()
          .withAutomountServiceAccountToken(false)
          .build();
    }
  }

  /**
   * The token Secret: kept as it is while its token is due for neither rotation nor replacement
   * (ServiceAccount recreated, rotation requested); else a new bound token from the TokenRequest
   * API replaces it in place, so that consumers re-reading the Secret keep working.
   */
  @KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
  public static class KeySecret extends CRUDKubernetesDependentResource<Secret, ApiKey> {
    public KeySecret() {
      super(Secret.class);
    }

    @Override
    protected ResourceID targetSecondaryResourceID(ApiKey key, Context<ApiKey> context) {
      return new ResourceID(ApiKeyPlan.serviceAccountName(key), key.getMetadata().getNamespace());
    }

    @Override
    protected Secret desired(ApiKey key, Context<ApiKey> context) {
      ApiKeyPlan plan = plan(key, context);
      ServiceAccount account = context.getSecondaryResource(ServiceAccount.class, SERVICE_ACCOUNT).orElseThrow(
          () -> new IllegalStateException("ServiceAccount " + plan.serviceAccount() + " not in the cache yet"));
      Optional<Secret> actual = getSecondaryResource(key, context);
      String request = key.getMetadata().getAnnotations() == null ? null : key.getMetadata().getAnnotations().get(ROTATE);
      Instant now = Instant.now();
      if (actual.isPresent() && !due(actual.get(), account, request, plan, now)) {
        return keep(actual.get(), key);
      }
      TokenRequest issued = context.getClient().serviceAccounts().inNamespace(key.getMetadata().getNamespace())
          .withName(plan.serviceAccount()).tokenRequest(new TokenRequestBuilder().withNewSpec()
              .withExpirationSeconds(plan.tokenSeconds(now)).endSpec().build());
      Instant expires = Instant.parse(issued.getStatus().getExpirationTimestamp());
      io.orgspace.runtime.OrgspaceMetrics.apiKeyTokenIssued(actual.isPresent());
      Map<String, String> annotations = new LinkedHashMap<>();
      // Milliseconds: a rotation right after issuance must still show a later time.
      annotations.put(ISSUED_AT, now.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString());
      annotations.put(EXPIRES_AT, expires.toString());
      annotations.put(SERVICE_ACCOUNT_UID, account.getMetadata().getUid());
      if (request != null) {
        annotations.put(ROTATION_REQUEST, request);
      }
      String token = issued.getStatus().getToken();
      return new SecretBuilder()
          .withNewMetadata().withName(plan.secretName()).withNamespace(key.getMetadata().getNamespace())
          .withLabels(labels(key)).withAnnotations(annotations).endMetadata()
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
          .withLabels(labels(key)).withAnnotations(actual.getMetadata().getAnnotations() == null ? Map.of()
              : onlyOurs(actual.getMetadata().getAnnotations())).endMetadata()
          .withType("Opaque")
          .withData(actual.getData())
          .build();
    }

    private static Map<String, String> onlyOurs(Map<String, String> annotations) {
      Map<String, String> ours = new LinkedHashMap<>();
      for (String key : new String[] {ISSUED_AT, EXPIRES_AT, SERVICE_ACCOUNT_UID, ROTATION_REQUEST}) {
        if (annotations.containsKey(key)) {
          ours.put(key, annotations.get(key));
        }
      }
      return ours;
    }
  }

  static boolean due(Secret secret, ServiceAccount account, String request, ApiKeyPlan plan, Instant now) {
    Map<String, String> annotations = secret.getMetadata().getAnnotations();
    if (annotations == null || secret.getData() == null || !secret.getData().containsKey("token")) {
      return true;
    }
    if (!account.getMetadata().getUid().equals(annotations.get(SERVICE_ACCOUNT_UID))) {
      return true; // the ServiceAccount was recreated: the old token is dead
    }
    if (request != null && !request.equals(annotations.get(ROTATION_REQUEST))) {
      return true;
    }
    String issued = annotations.get(ISSUED_AT);
    return issued == null || !now.isBefore(plan.rotateAt(Instant.parse(issued)));
  }

  private static String encode(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
