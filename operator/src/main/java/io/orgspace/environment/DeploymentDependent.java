package io.orgspace.environment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.orgspace.common.CompactItemStore;
import io.orgspace.api.Labels;
import java.util.Optional;

/** The environment's workload. */
@KubernetesDependent(informer = @Informer(itemStore = CompactItemStore.class, labelSelector = Labels.MANAGED_SELECTOR), createResourceOnlyIfNotExistingWithSSA = false)
public class DeploymentDependent extends InEnvironmentNamespaceDependent<Deployment> {
  public DeploymentDependent() {
    super(Deployment.class, EnvironmentObjects.APP);
  }

  @Override
  Deployment desired(EnvironmentContext state, Optional<Deployment> actual) {
    return desired(state);
  }

  /** The one desired Deployment: what is written and what the rollout is judged against. */
  static Deployment desired(EnvironmentContext state) {
    return EnvironmentObjects.deployment(state.plan(), state.secrets().checksum());
  }

  /** Not written while a Secret it takes values from cannot be had: what runs keeps running, nothing half-made. */
  @Override
  boolean held(EnvironmentContext state) {
    return !state.secrets().complete();
  }
}
