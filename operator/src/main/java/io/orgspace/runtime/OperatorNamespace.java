package io.orgspace.runtime;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The operator's own namespace (the chart's release namespace): it keeps what no tenant may read,
 * the organizations' SSH CA keys.
 */
public final class OperatorNamespace {
  private static final String NAME = resolve(System.getenv());

  private OperatorNamespace() {}

  public static String name() {
    return NAME;
  }

  static String resolve(java.util.Map<String, String> env) {
    String explicit = env.get("ORGSPACE_NAMESPACE");
    if (explicit != null && !explicit.isBlank()) {
      return explicit;
    }
    String pod = env.get("POD_NAMESPACE");
    return pod != null && !pod.isBlank() ? pod : "orgspace-system";
  }

  /** Outside a cluster install (a local run) the namespace may not exist yet. */
  public static void ensure(KubernetesClient client) {
    if (client.namespaces().withName(NAME).get() == null) {
      client.resource(new NamespaceBuilder().withNewMetadata().withName(NAME).endMetadata().build())
          .fieldManager(io.orgspace.common.StatusUpdates.FIELD_MANAGER).serverSideApply();
    }
  }
}
