package io.orgspace.environment;

import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.orgspace.common.CompactItemStore;
import io.orgspace.api.Labels;
import java.util.Optional;

/** The environment namespace's quota: the project's, else the organization's, else the operator's defaults. */
@KubernetesDependent(informer = @Informer(itemStore = CompactItemStore.class, labelSelector = Labels.MANAGED_SELECTOR), createResourceOnlyIfNotExistingWithSSA = false)
public class ResourceQuotaDependent extends InEnvironmentNamespaceDependent<ResourceQuota> {
  public ResourceQuotaDependent() {
    super(ResourceQuota.class, EnvironmentObjects.QUOTA);
  }

  @Override
  ResourceQuota desired(EnvironmentContext state, Optional<ResourceQuota> actual) {
    return EnvironmentObjects.resourceQuota(state.plan(), state.organization(), state.settings());
  }
}
