package io.orgspace.membership;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.orgspace.common.CompactItemStore;
import io.orgspace.access.OrganizationAccess;
import io.orgspace.api.Condition;
import io.orgspace.api.IssuedCertificate;
import io.orgspace.api.Labels;
import io.orgspace.api.Membership;
import io.orgspace.api.MembershipStatus;
import io.orgspace.api.Organization;
import io.orgspace.common.Conditions;
import io.orgspace.common.FieldManager;
import io.orgspace.common.HomeNamespaces;
import io.orgspace.common.StatusUpdates;
import io.orgspace.ssh.MemberCertificates;
import io.orgspace.ssh.SshLabels;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reports whether a Membership is in effect. The RoleBindings themselves are the Organization's
 * (one per role and namespace, listing every holder), so adding, changing or removing a member
 * rewrites exactly the affected bindings in one Organization reconcile.
 */
@ControllerConfiguration(name = "membership", fieldManager = FieldManager.NAME)
public class MembershipReconciler implements Reconciler<Membership> {
  static final String ORGANIZATIONS = "organizations";
  static final String ROLE_BINDINGS = "role-bindings";
  static final String CERTIFICATES = "ssh-certificates";

  private final StatusUpdates statuses;

  public MembershipReconciler(StatusUpdates statuses) {
    this.statuses = statuses;
  }

  @Override
  public List<EventSource<?, Membership>> prepareEventSources(EventSourceContext<Membership> context) {
    var organizations = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Organization.class, Membership.class)
            .withItemStore(new CompactItemStore<>())
            .withName(ORGANIZATIONS)
            .withPrimaryToSecondaryMapper((Membership m) -> organizationOf(m) == null
                ? Set.of() : Set.of(new ResourceID(organizationOf(m))))
            .withSecondaryToPrimaryMapper(org -> membershipsOf(context, org.getMetadata().getName()))
            .build(),
        context);
    var roleBindings = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(RoleBinding.class, Membership.class)
            .withItemStore(new CompactItemStore<>())
            .withName(ROLE_BINDINGS)
            .withLabelSelector(Labels.MANAGED_SELECTOR + "," + Labels.ORGANIZATION)
            .withSecondaryToPrimaryMapper(binding ->
                membershipsOf(context, binding.getMetadata().getLabels().get(Labels.ORGANIZATION)))
            .build(),
        context);
    roleBindings.addIndexers(Map.of(BOUND_USERS, MembershipReconciler::boundUserKeys));
    var certificates = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Secret.class, Membership.class)
            .withItemStore(new CompactItemStore<>())
            .withName(CERTIFICATES)
            .withLabelSelector(SshLabels.CERTIFICATES_SELECTOR)
            .withSecondaryToPrimaryMapper(secret -> Set.of(new ResourceID(
                secret.getMetadata().getLabels().get(SshLabels.MEMBERSHIP), secret.getMetadata().getNamespace())))
            .withPrimaryToSecondaryMapper((Membership m) -> Set.of(new ResourceID(
                MemberCertificates.secretName(m.getMetadata().getName()), m.getMetadata().getNamespace())))
            .build(),
        context);
    return List.of(organizations, roleBindings, certificates, HomeNamespaces.eventSource(Membership.class, context));
  }

  private static Set<ResourceID> membershipsOf(EventSourceContext<Membership> context, String organization) {
    return context.getPrimaryCache().list(Organization.homeNamespace(organization))
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  static String organizationOf(Membership membership) {
    return Organization.fromHomeNamespace(membership.getMetadata().getNamespace());
  }

  @Override
  public UpdateControl<Membership> reconcile(Membership membership, Context<Membership> context) {
    MembershipStatus next = new MembershipStatus();
    long generation = membership.getMetadata().getGeneration();
    String organization = organizationOf(membership);
    Organization found = organization == null ? null
        : context.getSecondaryResource(Organization.class, ORGANIZATIONS).orElse(null);
    if (found == null) {
      next.boundNamespaces = 0;
      return statuses.patchIfChanged(membership, next, List.of(Conditions.notReady(generation,
          "OrganizationNotFound", "a Membership must live in the home namespace org-<name> of an existing Organization")));
    }
    String unverified = HomeNamespaces.problem(membership, found, context);
    if (unverified != null) {
      next.boundNamespaces = 0;
      return statuses.patchIfChanged(membership, next,
          List.of(HomeNamespaces.notVerified(generation, "Membership", unverified)));
    }
    List<Membership> peers = context.getPrimaryCache().list(membership.getMetadata().getNamespace()).toList();
    boolean effective = OrganizationAccess.effectiveMemberships(peers).stream()
        .anyMatch(m -> m.getMetadata().getName().equals(membership.getMetadata().getName()));
    if (!effective) {
      next.boundNamespaces = 0;
      return statuses.patchIfChanged(membership, next, List.of(Conditions.notReady(generation,
          "DuplicateUser", "another, older Membership of this organization already names " + membership.getSpec().user)));
    }
    next.boundNamespaces = boundNamespaces(membership, organization, context);
    Condition ready = next.boundNamespaces > 0
        ? Conditions.ready(generation, "Bound", membership.getSpec().user + " holds " + membership.getSpec().role
            + " in " + next.boundNamespaces + " namespace(s) of " + organization)
        : Conditions.notReady(generation, "Pending", "waiting for the organization's role bindings");
    List<IssuedCertificate> issued = MemberCertificates.issued(
        context.getSecondaryResource(Secret.class, CERTIFICATES).orElse(null));
    next.sshCertificates = issued.isEmpty() ? null : issued;
    Condition certificates = MemberCertificates.condition(membership, issued.size());
    return statuses.patchIfChanged(membership, next,
        certificates == null ? List.of(ready) : List.of(ready, certificates));
  }

  /** Namespaces of the organization whose binding for the member's role names the member. */
  private static int boundNamespaces(Membership membership, String organization, Context<Membership> context) {
    var roleBindings = context.eventSourceRetriever()
        .getEventSourceFor(RoleBinding.class, ROLE_BINDINGS);
    return ((InformerEventSource<RoleBinding, Membership>) roleBindings).byIndex(BOUND_USERS,
        boundUserKey(organization, OrganizationAccess.roleBindingName(membership.getSpec().role),
            membership.getSpec().user)).size();
  }

  /**
   * The role bindings by organization, binding name and each User they name: a member's count is
   * one lookup, not a scan of every binding of the cluster (four per namespace) per reconcile.
   */
  static final String BOUND_USERS = "orgspace-bound-users";

  private static List<String> boundUserKeys(RoleBinding binding) {
    String organization = binding.getMetadata().getLabels() == null ? null
        : binding.getMetadata().getLabels().get(Labels.ORGANIZATION);
    if (organization == null || binding.getSubjects() == null) {
      return List.of();
    }
    return binding.getSubjects().stream().filter(s -> "User".equals(s.getKind()) && s.getName() != null)
        .map(s -> boundUserKey(organization, binding.getMetadata().getName(), s.getName())).distinct().toList();
  }

  private static String boundUserKey(String organization, String bindingName, String user) {
    // Names of organizations and bindings hold no '/'; a user name may, so it comes last.
    return organization + "/" + bindingName + "/" + user;
  }

  @Override
  public ErrorStatusUpdateControl<Membership> updateErrorStatus(Membership membership, Context<Membership> context,
      Exception e) {
    MembershipStatus next = new MembershipStatus();
    next.boundNamespaces = membership.getStatus() == null ? null : membership.getStatus().boundNamespaces;
    return statuses.errorIfChanged(membership, next, List.of(Conditions.notReady(
        membership.getMetadata().getGeneration(), StatusUpdates.reasonOf(e), StatusUpdates.describe(e))));
  }
}
