package io.orgspace.runtime;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.orgspace.common.FieldManager;

/**
 * The operator's own namespace (the chart's release namespace): it keeps what no tenant may read,
 * the organizations' SSH CA keys.
 */
public final class OperatorNamespace {
  private OperatorNamespace() {}

  static String resolve(java.util.Map<String, String> env) {
    String explicit = env.get("ORGSPACE_NAMESPACE");
    if (explicit != null && !explicit.isBlank()) {
      return explicit;
    }
    String pod = env.get("POD_NAMESPACE");
    return pod != null && !pod.isBlank() ? pod : "orgspace-system";
  }

  /** Outside a cluster install (a local run) the namespace may not exist yet. */
  public static void ensure(KubernetesClient client, String name) {
    if (client.namespaces().withName(name).get() == null) {
      client.resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
          .fieldManager(FieldManager.NAME).serverSideApply();
    }
  }
}
