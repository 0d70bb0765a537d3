package io.orgspace.apikey;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.orgspace.common.CompactItemStore;
import io.orgspace.access.ApiKeyPlan;
import io.orgspace.api.ApiKey;
import io.orgspace.api.Labels;

/**
 * The key's ServiceAccount, owned by the ApiKey. Deleting it (revocation, expiry, deletion of the
 * key) invalidates every token at once.
 */
@KubernetesDependent(informer = @Informer(itemStore = CompactItemStore.class, labelSelector = Labels.MANAGED_SELECTOR))
public class ServiceAccountDependent extends CRUDKubernetesDependentResource<ServiceAccount, ApiKey> {
  static final String NAME = "service-account";

  public ServiceAccountDependent() {
    super(ServiceAccount.class);
  }

  /** The key may hold a token now: not revoked, not expired, its organization exists. */
  public static class Active implements Condition<Object, ApiKey> {
    @Override
    public boolean isMet(DependentResource<Object, ApiKey> dr, ApiKey key, Context<ApiKey> context) {
      return ApiKeyContext.of(context).plan().active();
    }
  }

  @Override
  protected ResourceID targetSecondaryResourceID(ApiKey key, Context<ApiKey> context) {
    return new ResourceID(ApiKeyPlan.serviceAccountName(key), key.getMetadata().getNamespace());
  }

  @Override
  protected ServiceAccount desired(ApiKey key, Context<ApiKey> context) {
    return new ServiceAccountBuilder()
        .withNewMetadata().withName(ApiKeyPlan.serviceAccountName(key)).withNamespace(key.getMetadata().getNamespace())
        .withLabels(ApiKeyObjects.labels(key)).endMetadata()
        .withAutomountServiceAccountToken(false)
        .build();
  }
}
