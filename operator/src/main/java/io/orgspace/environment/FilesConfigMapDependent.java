package io.orgspace.environment;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.orgspace.common.CompactItemStore;
import io.orgspace.api.Environment;
import io.orgspace.api.Labels;
import java.util.Optional;

/** The project's and environment's files, mounted into the workload. */
@KubernetesDependent(informer = @Informer(itemStore = CompactItemStore.class, labelSelector = Labels.MANAGED_SELECTOR), createResourceOnlyIfNotExistingWithSSA = false)
public class FilesConfigMapDependent extends InEnvironmentNamespaceDependent<ConfigMap> {
  public FilesConfigMapDependent() {
    super(ConfigMap.class, EnvironmentObjects.FILES);
  }

  /** Deployable, with files to mount. */
  public static class HasFiles implements Condition<Object, Environment> {
    @Override
    public boolean isMet(DependentResource<Object, Environment> dr, Environment env, Context<Environment> context) {
      EnvironmentPlan plan = EnvironmentContext.of(context).plan();
      return plan.deployable() && !plan.files().isEmpty();
    }
  }

  @Override
  ConfigMap desired(EnvironmentContext state, Optional<ConfigMap> actual) {
    return EnvironmentObjects.filesConfigMap(state.plan());
  }
}
