package io.orgspace.environment;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.orgspace.common.CompactItemStore;
import io.orgspace.api.Environment;
import io.orgspace.api.Labels;
import java.util.Optional;

/** Default-deny isolation of the environment's namespace, unless the organization turns it off and its limits allow that. */
@KubernetesDependent(informer = @Informer(itemStore = CompactItemStore.class, labelSelector = Labels.MANAGED_SELECTOR), createResourceOnlyIfNotExistingWithSSA = false)
public class NetworkPolicyDependent extends InEnvironmentNamespaceDependent<NetworkPolicy> {
  public NetworkPolicyDependent() {
    super(NetworkPolicy.class, EnvironmentObjects.ISOLATION);
  }

  /** Deployable, and the organization isolates its environments (the default). */
  public static class Isolated implements Condition<Object, Environment> {
    @Override
    public boolean isMet(DependentResource<Object, Environment> dr, Environment env, Context<Environment> context) {
      EnvironmentContext state = EnvironmentContext.of(context);
      return state.plan().deployable() && EnvironmentObjects.isolated(state.organization(), state.settings());
    }
  }

  @Override
  NetworkPolicy desired(EnvironmentContext state, Optional<NetworkPolicy> actual) {
    return EnvironmentObjects.networkPolicy(state.plan(), state.settings());
  }
}
