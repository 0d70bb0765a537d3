package io.orgspace.environment;

import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.orgspace.common.CompactItemStore;
import io.orgspace.api.Labels;
import java.util.Optional;

/** The Service in front of the workload. */
@KubernetesDependent(informer = @Informer(itemStore = CompactItemStore.class, labelSelector = Labels.MANAGED_SELECTOR), createResourceOnlyIfNotExistingWithSSA = false)
public class ServiceDependent extends InEnvironmentNamespaceDependent<Service> {
  public ServiceDependent() {
    super(Service.class, EnvironmentObjects.APP);
  }

  @Override
  Service desired(EnvironmentContext state, Optional<Service> actual) {
    return EnvironmentObjects.service(state.plan());
  }
}
