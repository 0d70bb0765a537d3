package io.orgspace.environment;

import io.fabric8.kubernetes.api.model.Secret;

/**
 * The Secrets the operator copies into the environment's namespace ({@link SecretCopies}), each
 * in its own informer that selects only its kind of copy.
 */
abstract class CopiedSecretDependent extends InEnvironmentNamespaceDependent<Secret> {
  CopiedSecretDependent(String name) {
    super(Secret.class, name);
  }

  /** Left as it is while something named cannot be had: no copy half-updated. */
  @Override
  boolean held(EnvironmentContext state) {
    return !state.secrets().complete();
  }
}
