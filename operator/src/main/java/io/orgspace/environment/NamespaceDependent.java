package io.orgspace.environment;

import io.fabric8.kubernetes.api.model.Namespace;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDNoGCKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.orgspace.common.CompactItemStore;
import io.orgspace.api.Environment;
import io.orgspace.api.Labels;

/**
 * The environment's own namespace. Never adopts one it did not make: an existing namespace without
 * this environment's labels is {@link NamespaceTaken}.
 */
@KubernetesDependent(informer = @Informer(itemStore = CompactItemStore.class, labelSelector = Labels.MANAGED_SELECTOR))
public class NamespaceDependent extends CRUDNoGCKubernetesDependentResource<Namespace, Environment> {
  static final String NAME = "namespace";

  public NamespaceDependent() {
    super(Namespace.class);
  }

  /** The environment has a namespace and a workload: its organization and project exist and nothing blocks it. */
  public static class Deployable implements Condition<Object, Environment> {
    @Override
    public boolean isMet(DependentResource<Object, Environment> dr, Environment env, Context<Environment> context) {
      return EnvironmentContext.of(context).plan().deployable();
    }
  }

  /**
   * The environment's namespace exists and is not this environment's: a namespace Orgspace did not
   * make (kube-node-lease is organization "kube", project "node", environment "lease"), or one
   * labelled for another organization or environment. Orgspace neither adopts nor relabels it.
   */
  public static final class NamespaceTaken extends RuntimeException {
    NamespaceTaken(String namespace) {
      super("namespace " + namespace + " exists and is not this environment's (labels "
          + Labels.ORGANIZATION + ", " + Labels.ENVIRONMENT + "); Orgspace does not take it over;"
          + " rename the environment or its project");
    }
  }

  @Override
  protected ResourceID targetSecondaryResourceID(Environment env, Context<Environment> context) {
    return new ResourceID(EnvironmentContext.of(context).plan().namespace());
  }

  @Override
  protected Namespace desired(Environment env, Context<Environment> context) {
    EnvironmentContext state = EnvironmentContext.of(context);
    return EnvironmentObjects.namespace(state.plan(), state.organization());
  }

  /**
   * Not in the (label-filtered) cache: either it does not exist, or it is a namespace Orgspace did
   * not make — which it must not adopt by applying its labels to it.
   */
  @Override
  public Namespace create(Namespace desired, Environment env, Context<Environment> context) {
    Namespace existing = context.getClient().namespaces().withName(desired.getMetadata().getName()).get();
    if (existing == null) {
      Namespace created = super.create(desired, env, context);
      EnvironmentContext.of(context).markNamespaceCreated();
      return created;
    }
    if (!InEnvironmentNamespaceDependent.belongsTo(existing, env)) {
      throw new NamespaceTaken(desired.getMetadata().getName());
    }
    // Ours, but out of the informer (its managed-by label was removed by hand): apply it again.
    return super.update(existing, desired, env, context);
  }

  @Override
  public Namespace update(Namespace actual, Namespace desired, Environment env, Context<Environment> context) {
    if (!InEnvironmentNamespaceDependent.belongsTo(actual, env)) {
      throw new NamespaceTaken(actual.getMetadata().getName());
    }
    return super.update(actual, desired, env, context);
  }

  /**
   * Deleting the environment deletes its own namespace, never one it was refused. A namespace
   * created moments before (by a reconcile still running when the deletion came) may not be in
   * the cache yet: on the environment's deletion the API server is asked by name, so it is never
   * left behind (other reconciles stay request-free).
   */
  @Override
  protected void handleDelete(Environment env, Namespace cached, Context<Environment> context) {
    String name = EnvironmentContext.of(context).plan().namespace(); // null without an organization
    boolean askServer = cached == null && name != null && env.isMarkedForDeletion();
    Namespace namespace = askServer ? context.getClient().namespaces().withName(name).get() : cached;
    if (namespace != null && InEnvironmentNamespaceDependent.belongsTo(namespace, env)) {
      super.handleDelete(env, namespace, context);
    }
  }
}
