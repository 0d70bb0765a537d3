package io.orgspace.environment;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.orgspace.common.CompactItemStore;
import io.orgspace.api.BasicAuth;
import io.orgspace.api.Environment;
import io.orgspace.common.OwnedDependent;

/**
 * Generated basic-auth credentials, next to the Environment in the home namespace, readable by the
 * organization's members (owned by the Environment, so deleted with it).
 */
@KubernetesDependent(informer = @Informer(itemStore = CompactItemStore.class, labelSelector = EnvironmentObjects.CREDENTIALS_SELECTOR))
public class CredentialsSecretDependent extends OwnedDependent<Secret, Environment> {
  static final String NAME = "credentials";

  public CredentialsSecretDependent() {
    super(Secret.class);
  }

  /** Routed with basic auth, and the Environment names no Secret of its own. */
  public static class GeneratesCredentials implements Condition<Object, Environment> {
    @Override
    public boolean isMet(DependentResource<Object, Environment> dr, Environment env, Context<Environment> context) {
      EnvironmentPlan plan = EnvironmentContext.of(context).plan();
      BasicAuth auth = env.getSpec().basicAuth;
      return plan.routable() && plan.basicAuth() && (auth == null || auth.secretName == null);
    }
  }

  @Override
  protected ResourceID targetSecondaryResourceID(Environment env, Context<Environment> context) {
    return new ResourceID(Environment.credentialsSecretName(env.getMetadata().getName()), env.getMetadata().getNamespace());
  }

  @Override
  protected Secret desired(Environment env, Context<Environment> context) {
    EnvironmentContext state = EnvironmentContext.of(context);
    BasicAuthCredentials credentials = state.credentials();
    return EnvironmentObjects.credentialsSecret(env, state.plan().organization(),
        credentials.username(), credentials.password());
  }
}
