package io.orgspace.environment;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.orgspace.common.CompactItemStore;
import io.orgspace.api.Environment;
import io.orgspace.api.Labels;
import java.util.Optional;

/** The environment's Ingress (when routed by Ingress), with the ingress controller's basic-auth settings. */
@KubernetesDependent(informer = @Informer(itemStore = CompactItemStore.class, labelSelector = Labels.MANAGED_SELECTOR), createResourceOnlyIfNotExistingWithSSA = false)
public class IngressDependent extends InEnvironmentNamespaceDependent<Ingress> {
  public IngressDependent() {
    super(Ingress.class, EnvironmentObjects.APP);
  }

  /** Routable by an Ingress: a host the organization holds and no conflict. */
  public static class RoutedByIngress implements Condition<Object, Environment> {
    @Override
    public boolean isMet(DependentResource<Object, Environment> dr, Environment env, Context<Environment> context) {
      return EnvironmentContext.of(context).plan().byIngress();
    }
  }

  @Override
  Ingress desired(EnvironmentContext state, Optional<Ingress> actual) {
    return EnvironmentObjects.ingress(state.plan(), state.settings());
  }
}
