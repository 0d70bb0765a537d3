package io.orgspace.organization;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.BooleanWithUndefined;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.orgspace.common.CompactItemStore;
import io.orgspace.api.Organization;
import io.orgspace.ssh.SshLabels;
import io.orgspace.ssh.SshPlan;
import io.orgspace.ssh.TrustBundle;
import java.util.LinkedHashMap;
import java.util.Map;

/** The SSH {@link TrustBundle} in every environment namespace of the organization. */
// Server-side apply (JOSDK would otherwise update Secrets and ConfigMaps with a read-modify-write PUT).
@KubernetesDependent(useSSA = BooleanWithUndefined.TRUE, informer = @Informer(itemStore = CompactItemStore.class, labelSelector = SshLabels.TRUST_BUNDLE_SELECTOR))
public class TrustBundlesDependent extends OrganizationBulkDependent<ConfigMap> {

  public TrustBundlesDependent() {
    super(ConfigMap.class);
  }

  @Override
  public Map<ResourceID, ConfigMap> desiredResources(Organization organization, Context<Organization> context) {
    OrganizationContext state = OrganizationContext.of(context);
    SshPlan.Bundle bundle = state.ssh().bundle();
    Map<ResourceID, ConfigMap> desired = new LinkedHashMap<>();
    String home = Organization.homeNamespace(state.name());
    for (String namespace : state.namespaces()) {
      if (namespace.equals(home)) {
        continue; // environments are where servers run
      }
      ConfigMap configMap = TrustBundle.configMap(state.name(), namespace, bundle);
      desired.put(ResourceID.fromResource(configMap), configMap);
    }
    return desired;
  }
}
