package io.orgspace.organization;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDNoGCKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.orgspace.api.Labels;
import io.orgspace.api.Organization;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The home namespace, applied server-side. It carries no owner reference on purpose: a namespace
 * owned by the Organization would be garbage-collected with it when the CRD is deleted, and
 * deleting a CRD must never delete tenants' namespaces. Deletion goes through the finalizer.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class HomeNamespaceDependent extends CRUDNoGCKubernetesDependentResource<Namespace, Organization>
    implements SecondaryToPrimaryMapper<Namespace> {
  private static final Logger log = LoggerFactory.getLogger(HomeNamespaceDependent.class);
  static final String ORGANIZATION_CRD = "organizations.orgspace.io";

  public HomeNamespaceDependent() {
    super(Namespace.class);
  }

  @Override
  protected Namespace desired(Organization organization, Context<Organization> context) {
    return HomeNamespace.desired(organization);
  }

  /**
   * A namespace belongs to the organization named by its label: its home namespace (so that one
   * declared ahead of time by GitOps, or left by an earlier Organization of the same name, is
   * adopted) and its environment namespaces (which get the organization's role bindings).
   */
  @Override
  public Set<ResourceID> toPrimaryResourceIDs(Namespace namespace) {
    String organization = namespace.getMetadata().getLabels().get(Labels.ORGANIZATION);
    return organization == null ? Set.of() : Set.of(new ResourceID(organization));
  }

  /** The label is the link to the Organization; no extra annotations on the namespace. */
  @Override
  protected void addSecondaryToPrimaryMapperAnnotations(Namespace desired, Organization primary) {}

  @Override
  protected void handleDelete(Organization organization, Namespace namespace, Context<Organization> context) {
    if (namespace == null || !namespace.getMetadata().getName().equals(Organization.homeNamespace(organization.getMetadata().getName()))
        || !HomeNamespace.isAdoptable(namespace, organization)) {
      return; // only ever the organization's own, labelled home namespace
    }
    if (crdIsBeingDeleted(context)) {
      log.info("organization {}: CRD {} is being deleted, keeping namespace {}",
          organization.getMetadata().getName(), ORGANIZATION_CRD, namespace.getMetadata().getName());
      return;
    }
    super.handleDelete(organization, namespace, context);
  }

  private static boolean crdIsBeingDeleted(Context<Organization> context) {
    CustomResourceDefinition crd = context.getClient().apiextensions().v1().customResourceDefinitions()
        .withName(ORGANIZATION_CRD).get();
    return crd == null || crd.getMetadata().getDeletionTimestamp() != null;
  }
}
