package io.orgspace.organization;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDNoGCKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.orgspace.common.CompactItemStore;
import io.orgspace.api.Labels;
import io.orgspace.api.Organization;
import io.orgspace.api.TenantNamespaces;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The home namespace, applied server-side. It carries no owner reference on purpose: a namespace
 * owned by the Organization would be garbage-collected with it when the CRD is deleted, and
 * deleting a CRD must never delete tenants' namespaces. Deletion goes through the finalizer.
 */
@KubernetesDependent(informer = @Informer(itemStore = CompactItemStore.class, labelSelector = Labels.MANAGED_SELECTOR))
public class HomeNamespaceDependent extends CRUDNoGCKubernetesDependentResource<Namespace, Organization>
    implements SecondaryToPrimaryMapper<Namespace> {
  private static final Logger log = LoggerFactory.getLogger(HomeNamespaceDependent.class);
  static final String ORGANIZATION_CRD = "organizations.orgspace.io";

  public HomeNamespaceDependent() {
    super(Namespace.class);
  }

  /**
   * The home namespace carries this Organization's UID: only then are the objects in it the
   * organization's, and only then is anything written for them (bindings, cluster-wide roles).
   */
  public static class Verified implements Condition<Namespace, Organization> {
    @Override
    public boolean isMet(DependentResource<Namespace, Organization> dr, Organization organization,
        Context<Organization> context) {
      return TenantNamespaces.belongsTo(dr.getSecondaryResource(organization, context).orElse(null), organization);
    }
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

  /**
   * A labelled namespace in the cache: this Organization's, its predecessor's (re-stamped with this
   * one's UID), or — recording the UID of another live Organization — refused.
   */
  @Override
  public Namespace update(Namespace actual, Namespace desired, Organization organization, Context<Organization> context) {
    if (heldByAnother(actual, organization, context)) {
      throw new HeldByAnother(actual.getMetadata().getName());
    }
    return super.update(actual, desired, organization, context);
  }

  private static boolean heldByAnother(Namespace namespace, Organization organization, Context<Organization> context) {
    return HomeNamespace.heldByAnother(namespace, organization,
        uid -> context.getPrimaryCache().list().anyMatch(o -> uid.equals(o.getMetadata().getUid())));
  }

  /** The home namespace records the UID of another Organization that exists. */
  static final class HeldByAnother extends RuntimeException {
    HeldByAnother(String namespace) {
      super("namespace " + namespace + " records the UID of another existing Organization ("
          + TenantNamespaces.ORGANIZATION_UID + "); Orgspace neither takes it over nor counts what is in it");
    }
  }

  /** The label is the link to the Organization; no extra annotations on the namespace. */
  @Override
  protected void addSecondaryToPrimaryMapperAnnotations(Namespace desired, Organization primary) {}

  @Override
  protected void handleDelete(Organization organization, Namespace namespace, Context<Organization> context) {
    if (namespace == null || !namespace.getMetadata().getName().equals(Organization.homeNamespace(organization.getMetadata().getName()))
        || !HomeNamespace.isAdoptable(namespace, organization) || heldByAnother(namespace, organization, context)) {
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
