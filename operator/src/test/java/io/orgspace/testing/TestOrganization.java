package io.orgspace.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.orgspace.api.Condition;
import io.orgspace.api.DefaultsSpec;
import io.orgspace.api.GroupMapping;
import io.orgspace.api.Organization;
import io.orgspace.api.OrganizationSpec;
import io.orgspace.api.Role;
import io.orgspace.api.SshPolicy;
import io.orgspace.api.SsoSpec;
import io.orgspace.api.Subject;
import io.orgspace.api.SubjectKind;
import io.orgspace.common.Conditions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The organization of an integration test or benchmark: a builder of the typed {@link Organization}
 * that creates it on the control plane and waits for what the test needs (its home namespace, or
 * Ready), and the clean-up of every organization a test made and every namespace they led to.
 *
 * <pre>{@code
 * TestOrganization.named(ORG).owner().domain().create(admin).awaitHome(CONVERGE);
 * TestOrganization.deleteAndAwait(admin, SFX, CONVERGE, ORG);
 * }</pre>
 *
 * The spec holds only what the builder was told (an organization named and nothing else has an
 * empty spec), so the API server defaults the rest exactly as for a hand-written manifest.
 */
public final class TestOrganization {
  private final String name;
  private boolean withSpec = true;
  private String displayName;
  private final List<Subject> owners = new ArrayList<>();
  private final List<String> domains = new ArrayList<>();
  private String groupPrefix;
  private final List<GroupMapping> groupMappings = new ArrayList<>();
  private final Map<String, String> defaultQuota = new LinkedHashMap<>();
  private SshPolicy ssh;
  private Boolean preventDeletion;
  private KubernetesClient client;

  private TestOrganization(String name) {
    this.name = name;
  }

  /** An organization with an empty spec ({@code spec: {}}), to be completed by the other methods. */
  public static TestOrganization named(String name) {
    return new TestOrganization(name);
  }

  /** The user the tests make an organization's owner by convention: {@code owner@<organization>.example}. */
  public static String ownerOf(String organization) {
    return "owner@" + organization + ".example";
  }

  /** The domain the tests give an organization by convention: {@code <organization>.example}. */
  public static String domainOf(String organization) {
    return organization + ".example";
  }

  public String name() {
    return name;
  }

  /** Its home namespace, {@code org-<name>}. */
  public String home() {
    return Organization.homeNamespace(name);
  }

  // ---- the spec -------------------------------------------------------------------------------

  /** No spec at all (not even {@code spec: {}}). */
  public TestOrganization withoutSpec() {
    withSpec = false;
    return this;
  }

  public TestOrganization displayName(String displayName) {
    this.displayName = displayName;
    return this;
  }

  /** Adds the conventional owner, {@link #ownerOf the User owner@<name>.example}. */
  public TestOrganization owner() {
    return owner(ownerOf(name));
  }

  /** Adds a User owner. */
  public TestOrganization owner(String user) {
    owners.add(new Subject(SubjectKind.User, user));
    return this;
  }

  /** Adds a Group owner. */
  public TestOrganization ownerGroup(String group) {
    owners.add(new Subject(SubjectKind.Group, group));
    return this;
  }

  /** Adds the conventional domain, {@link #domainOf <name>.example}. */
  public TestOrganization domain() {
    return domains(domainOf(name));
  }

  /** Adds domains, in this order. */
  public TestOrganization domains(String... domains) {
    this.domains.addAll(Arrays.asList(domains));
    return this;
  }

  /** The prefix the authenticator puts before group names ({@code spec.sso.groupPrefix}). */
  public TestOrganization ssoGroupPrefix(String prefix) {
    this.groupPrefix = prefix;
    return this;
  }

  /** Adds an SSO group mapping ({@code spec.sso.groupMappings}). */
  public TestOrganization ssoGroup(String group, Role role) {
    groupMappings.add(new GroupMapping(group, role));
    return this;
  }

  /** Adds a default ResourceQuota limit for environment namespaces ({@code spec.defaults.quota}). */
  public TestOrganization defaultQuota(String resource, String value) {
    defaultQuota.put(resource, value);
    return this;
  }

  /** The SSH certificate policy, both durations given ({@code spec.ssh}). */
  public TestOrganization ssh(String certificateTtl, String caRotationOverlap) {
    ssh = new SshPolicy();
    ssh.certificateTtl = certificateTtl;
    ssh.caRotationOverlap = caRotationOverlap;
    return this;
  }

  /** {@code spec.preventDeletion: true}. */
  public TestOrganization preventDeletion() {
    preventDeletion = true;
    return this;
  }

  /** A new typed Organization as told so far (each call a new object). */
  public Organization build() {
    Organization organization = new Organization();
    organization.getMetadata().setName(name);
    if (!withSpec) {
      return organization;
    }
    OrganizationSpec spec = new OrganizationSpec();
    spec.displayName = displayName;
    // The API server refuses an organization without an owner: one without a named owner gets the conventional one.
    spec.owners = owners.isEmpty() ? List.of(new Subject(SubjectKind.User, ownerOf(name))) : new ArrayList<>(owners);
    spec.domains = domains.isEmpty() ? null : new ArrayList<>(domains);
    if (groupPrefix != null || !groupMappings.isEmpty()) {
      spec.sso = new SsoSpec();
      spec.sso.groupPrefix = groupPrefix;
      spec.sso.groupMappings = groupMappings.isEmpty() ? null : new ArrayList<>(groupMappings);
    }
    if (!defaultQuota.isEmpty()) {
      spec.defaults = new DefaultsSpec();
      spec.defaults.quota = new LinkedHashMap<>(defaultQuota);
    }
    spec.ssh = ssh;
    spec.preventDeletion = preventDeletion;
    organization.setSpec(spec);
    return organization;
  }

  // ---- on the control plane -------------------------------------------------------------------

  /** Creates it with {@code client} (which the waits then use); may be called again after a deletion. */
  public TestOrganization create(KubernetesClient client) {
    this.client = client;
    client.resource(build()).create();
    return this;
  }

  /** Waits until its home namespace exists. */
  public TestOrganization awaitHome(Duration timeout) {
    awaitHome(created(), name, timeout);
    return this;
  }

  /** Waits until its Ready condition is True; returns it as read right after. */
  public Organization awaitReady(Duration timeout) {
    return awaitReady(created(), name, timeout, false);
  }

  /** Waits until its Ready condition is True for its current generation (status.observedGeneration). */
  public Organization awaitReadyForGeneration(Duration timeout) {
    return awaitReady(created(), name, timeout, true);
  }

  private KubernetesClient created() {
    if (client == null) {
      throw new IllegalStateException("organization " + name + " was not created through this fixture");
    }
    return client;
  }

  /** Waits until the home namespace of {@code organization} exists. */
  public static void awaitHome(KubernetesClient client, String organization, Duration timeout) {
    String home = Organization.homeNamespace(organization);
    Poll.until(timeout, "home namespace " + home, () -> client.namespaces().withName(home).get() != null);
  }

  private static Organization awaitReady(KubernetesClient client, String name, Duration timeout,
      boolean currentGeneration) {
    Poll.until(timeout, "organization " + name + " Ready", () -> {
      Organization org = client.resources(Organization.class).withName(name).get();
      return org != null && org.getStatus() != null && Conditions.isTrue(org.getStatus().conditions, Condition.READY)
          && (!currentGeneration || org.getMetadata().getGeneration().equals(org.getStatus().observedGeneration));
    });
    return client.resources(Organization.class).withName(name).get();
  }

  // ---- clean-up -------------------------------------------------------------------------------

  /** Deletes the organizations and waits until no namespace whose name holds {@code suffix} is left. */
  public static void deleteAndAwait(KubernetesClient admin, String suffix, Duration timeout, String... organizations) {
    for (String organization : organizations) {
      admin.resources(Organization.class).withName(organization).delete();
    }
    Poll.until(timeout, "namespaces of " + List.of(organizations) + " gone", () -> admin.namespaces().list().getItems()
        .stream().noneMatch(ns -> ns.getMetadata().getName().contains(suffix)));
  }
}
