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

/** The merged image pull credentials. */
@KubernetesDependent(informer = @Informer(itemStore = CompactItemStore.class, labelSelector = ImagePullSecretDependent.SELECTOR),
    createResourceOnlyIfNotExistingWithSSA = false)
public class ImagePullSecretDependent extends CopiedSecretDependent {
  static final String NAME = "image-pull";
  static final String SELECTOR = Labels.MANAGED_SELECTOR + "," + Labels.COPY + "=image-pull";

  public ImagePullSecretDependent() {
    super(ImagePullSecrets.SECRET);
  }

  @Override
  Secret desired(EnvironmentContext state, Optional<Secret> actual) {
    return SecretCopies.imagePullSecret(state.plan(), state.secrets().dockerConfig());
  }

  /** The environment runs and the project names pull Secrets. */
  public static class Wanted implements Condition<Object, Environment> {
    @Override
    public boolean isMet(DependentResource<Object, Environment> dr, Environment env, Context<Environment> context) {
      EnvironmentContext state = EnvironmentContext.of(context);
      return state.plan().deployable() && state.secrets().dockerConfig() != null;
    }
  }
}
