package io.orgspace.environment;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.orgspace.common.CompactItemStore;
import io.orgspace.api.Environment;
import io.orgspace.api.Labels;
import java.util.Optional;

/** The copy of the secret variables. */
@KubernetesDependent(informer = @Informer(itemStore = CompactItemStore.class, labelSelector = SecretVariablesDependent.SELECTOR),
    createResourceOnlyIfNotExistingWithSSA = false)
public class SecretVariablesDependent extends CopiedSecretDependent {
  static final String NAME = "secret-variables";
  static final String SELECTOR = Labels.MANAGED_SELECTOR + "," + Labels.COPY + "=secret-variables";

  public SecretVariablesDependent() {
    super(SecretVariables.SECRET);
  }

  @Override
  Secret desired(EnvironmentContext state, Optional<Secret> actual) {
    return SecretCopies.variablesSecret(state.plan(), state.secrets().variables().data());
  }

  /** The environment runs and some variable is secret. */
  public static class Wanted implements Condition<Object, Environment> {
    @Override
    public boolean isMet(DependentResource<Object, Environment> dr, Environment env, Context<Environment> context) {
      EnvironmentContext state = EnvironmentContext.of(context);
      return state.plan().deployable() && state.secrets().variables() != null;
    }
  }
}
