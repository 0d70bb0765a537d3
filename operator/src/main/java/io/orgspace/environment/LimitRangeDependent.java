package io.orgspace.environment;

import io.fabric8.kubernetes.api.model.LimitRange;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.orgspace.common.CompactItemStore;
import io.orgspace.api.Labels;
import java.util.Optional;

/** Default container requests and limits of the environment's namespace. */
@KubernetesDependent(informer = @Informer(itemStore = CompactItemStore.class, labelSelector = Labels.MANAGED_SELECTOR), createResourceOnlyIfNotExistingWithSSA = false)
public class LimitRangeDependent extends InEnvironmentNamespaceDependent<LimitRange> {
  public LimitRangeDependent() {
    super(LimitRange.class, EnvironmentObjects.LIMITS);
  }

  @Override
  LimitRange desired(EnvironmentContext state, Optional<LimitRange> actual) {
    return EnvironmentObjects.limitRange(state.plan(), state.organization(), state.settings());
  }
}
