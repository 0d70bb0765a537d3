package io.orgspace.organization;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.orgspace.access.OrganizationAccess;
import io.orgspace.access.RbacSubject;
import io.orgspace.api.ApiKey;
import io.orgspace.api.Environment;
import io.orgspace.api.Membership;
import io.orgspace.api.Organization;
import io.orgspace.api.Role;
import io.orgspace.api.TenantNamespaces;
import io.orgspace.common.Provenance;
import io.orgspace.ssh.AuthoritySecrets;
import io.orgspace.ssh.SshLabels;
import io.orgspace.ssh.SshPlan;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What one reconcile of an Organization decided, computed once from the informers' caches before
 * any dependent runs, and read by every dependent and the status: who holds which role, the
 * organization's namespaces, and its SSH plan.
 *
 * @param sshFailure why the SSH plan could not be made (a damaged CA Secret); the SSH dependents
 *     fail with it, the RBAC dependents fall back to the certificates already stored
 */
record OrganizationContext(
    Organization organization,
    Instant now,
    String operatorNamespace,
    Map<Role, SortedSet<RbacSubject>> holders,
    List<Membership> effectiveMemberships,
    Map<String, String> memberUsers,
    Set<String> namespaces,
    List<String> credentialsSecretNames,
    SshPlan.Outcome sshOutcome,
    RuntimeException sshFailure,
    Set<String> certificateHolders) {

  /** Dependent (and event source) names of the Organization's SSH objects. */
  static final String SSH_AUTHORITY = "ssh-authority";
  static final String SSH_CERTIFICATES = "ssh-certificates";
  static final String SSH_TRUST_BUNDLES = "ssh-trust-bundles";
  /** Event source of the environments' credentials Secrets in the home namespace. */
  static final String CREDENTIALS = "environment-credentials";
  private static final String KEY = OrganizationContext.class.getName();

  static OrganizationContext of(Context<Organization> context) {
    return context.managedWorkflowAndDependentResourceContext().getMandatory(KEY, OrganizationContext.class);
  }

  static OrganizationContext gather(Organization organization, Context<Organization> context, Instant now,
      String operatorNamespace) {
    // The home namespace's objects are the organization's only once the namespace is proven its
    // own; until then none of them counts (the Memberships and ApiKeys report why themselves).
    boolean verified = homeVerified(organization, context);
    Set<Membership> memberships = verified ? context.getSecondaryResources(Membership.class) : Set.of();
    Set<ApiKey> apiKeys = verified ? context.getSecondaryResources(ApiKey.class) : Set.of();
    var holders = OrganizationAccess.holders(organization, memberships, apiKeys, now);
    List<Membership> effective = OrganizationAccess.effectiveMemberships(memberships);
    Map<String, String> users = memberships.stream()
        .collect(Collectors.toMap(m -> m.getMetadata().getName(), m -> m.getSpec().user, (a, b) -> a));
    List<String> credentials = verified ? credentialsSecretNames(context) : List.of();
    Map<String, Map<String, String>> stored = storedCertificates(context);
    SshPlan.Outcome ssh = null;
    RuntimeException sshFailure = null;
    try {
      SshPlan.Authority authority = AuthoritySecrets.fromSecret(
          context.getSecondaryResource(Secret.class, SSH_AUTHORITY).orElse(null));
      ssh = SshPlan.plan(organization.getMetadata().getName(), authority, SshPlan.policy(organization),
          SshPlan.members(effective), stored, now);
    } catch (RuntimeException e) {
      sshFailure = e;
    }
    // Should the SSH plan fail, access stays as it is rather than failing with it.
    Set<String> certificateHolders = new TreeSet<>(ssh != null ? ssh.certificates().keySet() : stored.keySet());
    var result = new OrganizationContext(organization, now, operatorNamespace, holders, effective, users,
        namespaces(organization, context), credentials, ssh, sshFailure, certificateHolders);
    context.managedWorkflowAndDependentResourceContext().put(KEY, result);
    return result;
  }

  String name() {
    return organization.getMetadata().getName();
  }

  /** The SSH plan; throws what made it fail, so that the SSH dependents report it. */
  SshPlan.Outcome ssh() {
    if (sshFailure != null) {
      throw sshFailure;
    }
    return sshOutcome;
  }

  /** Whether the home namespace, as cached, carries this Organization's labels and UID. */
  private static boolean homeVerified(Organization organization, Context<Organization> context) {
    String home = Organization.homeNamespace(organization.getMetadata().getName());
    return context.getSecondaryResourcesAsStream(Namespace.class)
        .filter(ns -> home.equals(ns.getMetadata().getName()))
        .anyMatch(ns -> TenantNamespaces.belongsTo(ns, organization));
  }

  /**
   * The organization's live namespaces: its home and every namespace proven its own (labelled for
   * it with its UID); a namespace labelled with its name alone gets no role bindings.
   */
  private static Set<String> namespaces(Organization organization, Context<Organization> context) {
    Set<String> namespaces = new TreeSet<>();
    namespaces.add(Organization.homeNamespace(organization.getMetadata().getName()));
    context.getSecondaryResourcesAsStream(Namespace.class)
        .filter(ns -> TenantNamespaces.belongsTo(ns, organization))
        .filter(ns -> ns.getMetadata().getDeletionTimestamp() == null)
        .forEach(ns -> namespaces.add(ns.getMetadata().getName()));
    return namespaces;
  }

  /**
   * The environments' credentials Secrets every member may read: only those the operator made,
   * found in the cache of labelled credentials Secrets and owned by the live Environment of their
   * name. A Secret that merely has the name of an Environment's credentials is never granted.
   */
  private static List<String> credentialsSecretNames(Context<Organization> context) {
    @SuppressWarnings("unchecked")
    var source = (InformerEventSource<Secret, Organization>) context.eventSourceRetriever()
        .getEventSourceFor(Secret.class, CREDENTIALS);
    Map<String, Secret> secrets = source.getSecondaryResources(context.getPrimaryResource()).stream()
        .collect(Collectors.toMap(s -> s.getMetadata().getName(), s -> s, (a, b) -> a));
    return context.getSecondaryResourcesAsStream(Environment.class)
        .filter(e -> {
          Secret secret = secrets.get(Environment.credentialsSecretName(e.getMetadata().getName()));
          return secret != null && Provenance.madeFor(secret, e);
        })
        .map(e -> Environment.credentialsSecretName(e.getMetadata().getName())).sorted().distinct().toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, String>> storedCertificates(Context<Organization> context) {
    var source = (InformerEventSource<Secret, Organization>) context.eventSourceRetriever()
        .getEventSourceFor(Secret.class, SSH_CERTIFICATES);
    Map<String, Map<String, String>> stored = new HashMap<>();
    // Through the event source's own lookup, which sees this operator's latest writes (a plain
    // list of the informer's cache may lag behind them and re-issue what was just issued).
    source.getSecondaryResources(context.getPrimaryResource()).forEach(secret -> {
      String member = secret.getMetadata().getLabels().get(SshLabels.MEMBERSHIP);
      if (member == null || secret.getData() == null) {
        return;
      }
      Map<String, String> files = new HashMap<>();
      secret.getData().forEach((file, value) -> files.put(file, AuthoritySecrets.decode(value)));
      stored.put(member, files);
    });
    return stored;
  }
}
