package io.orgspace.ssh;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.orgspace.common.Durations;
import io.orgspace.api.Organization;
import io.orgspace.access.OrganizationAccess;
import io.orgspace.api.SshPolicy;
import io.orgspace.api.Membership;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SSH plan of the Organization being reconciled, computed once per reconcile from the
 * informers' caches and shared by its SSH dependents and its status.
 */
public final class SshStates {
  /** Dependent (and event source) names of the Organization's SSH objects. */
  public static final String AUTHORITY = "ssh-authority";
  public static final String CERTIFICATES = "ssh-certificates";
  public static final String TRUST_BUNDLES = "ssh-trust-bundles";
  private static final String KEY = "orgspace.ssh-plan";

  private SshStates() {}

  public static SshPlan.Outcome of(Organization organization, Context<Organization> context) {
    var shared = context.managedWorkflowAndDependentResourceContext();
    synchronized (shared) {
      Optional<SshPlan.Outcome> known = shared.get(KEY, SshPlan.Outcome.class);
      if (known.isPresent()) {
        return known.get();
      }
      Optional<RuntimeException> failed = shared.get(KEY + ".failure", RuntimeException.class);
      if (failed.isPresent()) {
        throw failed.get(); // computed once per reconcile, failed or not
      }
      try {
        String name = organization.getMetadata().getName();
        SshPlan.Authority stored = AuthoritySecrets.fromSecret(
            context.getSecondaryResource(Secret.class, AUTHORITY).orElse(null));
        SshPlan.Outcome outcome = SshPlan.plan(name, stored, policy(organization),
            members(context.getSecondaryResources(Membership.class)), storedCertificates(context), Instant.now());
        shared.put(KEY, outcome);
        return outcome;
      } catch (RuntimeException e) {
        shared.put(KEY + ".failure", e);
        throw e;
      }
    }
  }

  /**
   * The memberships that hold certificates. Role bindings depend on it: should the SSH plan fail
   * (a damaged CA Secret), access stays as it is rather than failing with it.
   */
  public static java.util.Set<String> certificateHolders(Organization organization, Context<Organization> context) {
    try {
      return of(organization, context).certificates().keySet();
    } catch (RuntimeException e) {
      java.util.Set<String> holders = new java.util.TreeSet<>();
      storedCertificates(context).keySet().forEach(holders::add);
      return holders;
    }
  }

  /** The outcome of this reconcile, if an SSH dependent computed it. */
  public static Optional<SshPlan.Outcome> computed(Context<Organization> context) {
    return context.managedWorkflowAndDependentResourceContext().get(KEY, SshPlan.Outcome.class);
  }

  static SshPlan.Policy policy(Organization organization) {
    SshPolicy ssh = organization.getSpec() == null || organization.getSpec().ssh == null
        ? new SshPolicy() : organization.getSpec().ssh;
    String rotation = ssh.caRotation;
    return new SshPlan.Policy(Durations.parse(ssh.certificateTtl == null ? "16h" : ssh.certificateTtl),
        Boolean.TRUE.equals(ssh.permitPortForwarding),
        Durations.parse(ssh.caRotationOverlap == null ? "1h" : ssh.caRotationOverlap),
        rotation == null || rotation.isBlank() ? null : rotation);
  }

  /** Members whose Membership is in effect, with their acceptable keys. */
  public static List<SshPlan.Member> members(java.util.Collection<Membership> memberships) {
    List<SshPlan.Member> members = new ArrayList<>();
    for (Membership membership : OrganizationAccess.effectiveMemberships(memberships)) {
      members.add(new SshPlan.Member(membership.getMetadata().getName(), membership.getSpec().user,
          membership.getSpec().role, acceptedKeys(membership)));
    }
    return members;
  }

  public static List<SshPublicKeys.Accepted> acceptedKeys(Membership membership) {
    List<SshPublicKeys.Accepted> keys = new ArrayList<>();
    List<String> lines = membership.getSpec().sshPublicKeys == null ? List.of() : membership.getSpec().sshPublicKeys;
    for (int i = 0; i < lines.size(); i++) {
      SshPublicKeys.Verdict verdict = SshPublicKeys.judge(i + 1, lines.get(i));
      if (verdict.accepted() != null) {
        keys.add(verdict.accepted());
      }
    }
    return keys;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, String>> storedCertificates(Context<Organization> context) {
    var source = (InformerEventSource<Secret, Organization>) context.eventSourceRetriever()
        .getEventSourceFor(Secret.class, CERTIFICATES);
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
