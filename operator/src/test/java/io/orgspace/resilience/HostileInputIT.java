package io.orgspace.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.orgspace.api.TenantNamespaces;
import io.orgspace.api.ApiKey;
import io.orgspace.api.Attribution;
import io.orgspace.api.Condition;
import io.orgspace.api.Environment;
import io.orgspace.api.GitProvider;
import io.orgspace.api.Labels;
import io.orgspace.api.Membership;
import io.orgspace.api.Organization;
import io.orgspace.api.Project;
import io.orgspace.api.ResourceStatus;
import io.orgspace.api.Role;
import io.orgspace.common.Conditions;
import io.orgspace.forge.ForgeClient;
import io.orgspace.forge.ForgeToken;
import io.orgspace.testing.ControlPlane;
import io.orgspace.testing.OperatorProcess;
import io.orgspace.testing.Poll;
import io.orgspace.testing.TestMembership;
import io.orgspace.testing.TestOrganization;
import io.orgspace.testing.TestProject;
import io.orgspace.webhook.Deliveries;
import io.orgspace.webhook.Deliveries.Delivery;
import io.orgspace.webhook.WebhookServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.function.ThrowingConsumer;

/**
 * A catalogue of malformed and hostile objects and requests, one named row each, against the real
 * API server and the operator running as its own process. Every row asserts its clear outcome: the
 * API server's refusal (status code and a message naming the field), a status condition with a
 * specific reason, or the webhook's precise HTTP status. After the catalogue the operator is still
 * up, its log holds no secret, and organizations created before and after it converge.
 *
 * <p>The catalogue is a table: each {@link Row} is its name, what it sets up first (mostly nothing),
 * its {@link Input} (objects created as written, a patch, a deletion, a webhook delivery, a raw HTTP
 * request) and its expected {@link Outcome}, and one runner per kind of outcome checks it. Checks a
 * row makes beyond its outcome follow it ({@code then}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIT {
  private static final Duration CONVERGE = Duration.ofSeconds(120);
  private static final String SFX = UUID.randomUUID().toString().substring(0, 6);
  private static final String ORG = "ho-" + SFX;
  private static final String HOME = "org-" + ORG;
  private static final String RIVAL = "hr-" + SFX;
  private static final String RIVAL_HOME = "org-" + RIVAL;
  /** 59 characters: the longest name whose home namespace org-<name> fits 63. */
  private static final String LONG = ("hl-" + SFX + "-" + "x".repeat(60)).substring(0, 59);
  private static final String BEFORE = "hc-before-" + SFX;
  private static final String AFTER = "hc-after-" + SFX;
  /** A namespace that is no organization's home. */
  private static final String LOOSE = "hostile-" + SFX;
  /** A namespace named like a home, without its Organization. */
  private static final String GHOST_HOME = "org-ghost-" + SFX;
  private static final String SECRET = "whsec-" + UUID.randomUUID();
  private static final String OWN_PASSWORD = "own-pw-" + UUID.randomUUID();
  /** An organization with spec.sso.required (user prefix "oidc:"), made by the rows that need it. */
  private static final String SSO_ORG = "sso-" + SFX;
  /** The value of a Secret the rival organization released to its own environments. */
  private static final String RIVAL_VALUE = "rival-" + UUID.randomUUID();
  private static final String OWNER = "owner@" + ORG + ".example";
  private static final String DEV = "dev@" + ORG + ".example";
  private static final String SUPPORT = "support@" + ORG + ".example";
  private static final String DOMAIN = ORG + ".example";
  private static final OkHttpClient HTTP = new OkHttpClient.Builder()
      .readTimeout(60, TimeUnit.SECONDS).writeTimeout(60, TimeUnit.SECONDS).build();

  private static KubernetesClient admin;
  private static KubernetesClient dev;
  private static KubernetesClient support;
  private static KubernetesClient owner;
  private static OperatorProcess operator;

  @BeforeAll
  static void setUp() {
    admin = ControlPlane.admin();
    operator = OperatorProcess.start("hostile-input-it").awaitReady();
    dev = ControlPlane.as(DEV);
    support = ControlPlane.as(SUPPORT);
    owner = ControlPlane.as(OWNER);

    controlOrganization(BEFORE);
    TestOrganization organization = TestOrganization.named(ORG).owner(OWNER).domains(DOMAIN).create(admin);
    // Created after ORG: the domain it shares with ORG is ORG's.
    TestOrganization rival = TestOrganization.named(RIVAL).owner().domain().domains("claimed." + DOMAIN).create(admin);
    organization.awaitHome(CONVERGE);
    rival.awaitHome(CONVERGE);
    for (String ns : List.of(LOOSE, GHOST_HOME)) {
      admin.resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
    }
    TestMembership.create(admin, HOME, "dev", DEV, Role.Developer);
    TestMembership.create(admin, HOME, "support", SUPPORT, Role.Support);
    admin.resource(new SecretBuilder().withNewMetadata().withName("hook").withNamespace(HOME).endMetadata()
        .addToStringData("secret", SECRET).build()).create();
    admin.resource(new SecretBuilder().withNewMetadata().withName("own-auth").withNamespace(HOME).endMetadata()
        .addToStringData("username", "reviewer").addToStringData("password", OWN_PASSWORD).build()).create();
    TestProject.named("shop").in(HOME).repository(GitProvider.github, "https://github.com/" + ORG + "/shop")
        .previewDomain("shop." + DOMAIN).previewImage("registry.example/shop:{{sha}}").previewBasicAuth()
        .variable("LOG_LEVEL", "info").create(admin);
    TestProject.named("tpl").in(HOME).repository(GitProvider.github, "https://github.com/" + ORG + "/tpl")
        .previewImage("registry.example/tpl:{{branch}}-{{pr}}").create(admin);
    for (GitProvider provider : List.of(GitProvider.github, GitProvider.gitlab, GitProvider.gitea)) {
      TestProject.named(provider.name()).in(HOME)
          .repository(provider, "https://" + provider.name() + ".example/acme/shop").webhookSecret("hook", "secret")
          .previewDomain(provider.name() + "." + DOMAIN).previewImage("registry.example/" + provider.name() + ":{{sha}}")
          .create(admin);
    }
    TestProject.named("bare").in(HOME).repository(GitProvider.github, "https://github.com/" + ORG + "/bare").create(admin);
    TestProject.named("shop").in(RIVAL_HOME).repository(GitProvider.github, "https://github.com/" + RIVAL + "/shop")
        .previewDomain("claimed." + DOMAIN).previewImage("registry.example/shop:{{sha}}").create(admin);

    awaitCondition(Organization.class, null, ORG, Condition.TRUE, "Reconciled");
    awaitCondition(Membership.class, HOME, "dev", Condition.TRUE, "Bound");
    awaitCondition(Membership.class, HOME, "support", Condition.TRUE, "Bound");
    awaitCondition(Environment.class, Organization.homeNamespace(BEFORE), "web", Condition.TRUE, "Deployed");
    Poll.until(CONVERGE, "projects known to the webhook", () -> webhook("github",
        Deliveries.signed(GitProvider.github, SECRET, "{}".getBytes(StandardCharsets.UTF_8), "ping", id())) == 202);
  }

  @AfterAll
  static void tearDown() throws InterruptedException {
    operator.closeAfter(() -> {
      for (String ns : List.of(LOOSE, GHOST_HOME)) {
        admin.resources(Environment.class).inNamespace(ns).delete();
        admin.resources(Membership.class).inNamespace(ns).delete();
        Poll.until(CONVERGE, "environments of " + ns + " gone",
            () -> admin.resources(Environment.class).inNamespace(ns).list().getItems().isEmpty());
        admin.namespaces().withName(ns).delete();
      }
      for (String ns : List.of(TenantNamespaces.environment(ORG, "shop", "taken"), TenantNamespaces.environment(ORG, "shop", "labelled"))) {
        admin.namespaces().withName(ns).delete();
      }
      TestOrganization.deleteAndAwait(admin, SFX, Duration.ofMinutes(3), ORG, RIVAL, LONG, BEFORE, AFTER, ORG + "-shop",
          SSO_ORG);
    });
  }

  @TestFactory
  @Order(1)
  Stream<DynamicTest> catalogue() {
    List<Row> rows = new ArrayList<>();
    rows.addAll(organizations());
    rows.addAll(memberships());
    rows.addAll(escalation());
    rows.addAll(projects());
    rows.addAll(forgeFeedback());
    rows.addAll(environments());
    rows.addAll(apiKeys());
    rows.addAll(secrets());
    rows.addAll(webhooks());
    assertTrue(rows.size() >= 40, "the catalogue has " + rows.size() + " rows");
    System.out.printf("hostile input: %d rows%n", rows.size());
    return rows.stream().map(row -> DynamicTest.dynamicTest(row.name(), () -> run(row)));
  }

  // ---- the catalogue ------------------------------------------------------------------------

  private static List<Row> organizations() {
    return List.of(
        row("organization: name of 59 characters, unicode display name -> Ready, home namespace of exactly 63",
            creating(As.ADMIN, organization(LONG, "{displayName: \"株式会社 Ünïcødé 🚀\", owners: [{kind: User, name: \"owner@long.example\"}]}")),
            condition(Organization.class, null, LONG, Condition.TRUE, "Reconciled", org -> {
              assertEquals(63, org.getStatus().namespace.length());
              assertNotNull(admin.namespaces().withName(org.getStatus().namespace).get());
            })),
        row("organization: name of 60 characters -> 422, its home namespace would not fit 63",
            creating(As.ADMIN, organization(LONG + "y", null)),
            refused(422, "organization name must be at most 59 characters")),
        row("organization: upper-case name -> 422 on metadata.name",
            creating(As.ADMIN, organization("Acme-" + SFX, null)),
            refused(422, "metadata.name: Invalid value")),
        row("organization: dotted name (a DNS subdomain, not a label) -> 422",
            creating(As.ADMIN, organization("acme." + SFX, null)),
            refused(422, "organization name must be a DNS label")),
        row("organization: owner name with a control character -> 422 on spec.owners[0]",
            creating(As.ADMIN, """
                {"apiVersion": "orgspace.io/v1alpha1", "kind": "Organization", "metadata": {"name": "ctl-%s"},
                 "spec": {"owners": [{"kind": "Group", "name": "admins\\u0000\\nroot"}]}}
                """.formatted(SFX)),
            refused(422, "spec.owners[0]: Invalid value: user and group names must not contain control characters")),
        row("organization: User owner that is not e-mail-like -> 422",
            creating(As.ADMIN, organization("root-" + SFX, "{owners: [{kind: User, name: root}]}")),
            refused(422, "a User owner must be an e-mail-like user name")),
        row("organization: owner system:serviceaccount:kube-system:default -> 422",
            creating(As.ADMIN, organization("sa-" + SFX, "{owners: [{kind: User, name: \"system:serviceaccount:kube-system:default\"}]}")),
            refused(422, "system: users and groups are reserved")),
        row("organization: sso.required without sso.userPrefix -> 422",
            creating(As.ADMIN, organization("ssonoprefix-" + SFX,
                "{owners: [{kind: User, name: \"oidc:owner@" + DOMAIN + "\"}], sso: {required: true}}")),
            refused(422, "sso.required needs sso.userPrefix")),
        row("organization: sso.required with a User owner lacking the prefix -> 422",
            creating(As.ADMIN, organization("ssoowner-" + SFX,
                "{owners: [{kind: User, name: \"owner@" + DOMAIN + "\"}], sso: {required: true, userPrefix: \"oidc:\"}}")),
            refused(422, "sso.required: every User owner must carry sso.userPrefix")),
        row("organization: SSO mapping of system:masters -> 422",
            creating(As.ADMIN, organization("masters-" + SFX, "{sso: {groupMappings: [{group: \"system:masters\", role: Owner}]}}")),
            refused(422, "system: groups are reserved by Kubernetes")),
        row("organization: internationalized domain not in punycode -> 422 on spec.domains[0]",
            creating(As.ADMIN, organization("idn-" + SFX, "{domains: [\"bücher.example\"]}")),
            refused(422, "spec.domains[0]: Invalid value")),
        row("organization: wildcard domain -> 422 on spec.domains[0]",
            creating(As.ADMIN, organization("wild-" + SFX, "{domains: [\"*.example\"]}")),
            refused(422, "spec.domains[0]: Invalid value")),
        row("organization: default quota that is not a quantity -> 422 on spec.defaults.quota",
            creating(As.ADMIN, organization("quota-" + SFX, "{defaults: {quota: {pods: lots}}}")),
            refused(422, "spec.defaults.quota: Invalid value: quota values must be quantities")),
        row("organization: default quota key \"..\" -> 422 on spec.defaults.quota",
            creating(As.ADMIN, organization("qkey0-" + SFX, "{defaults: {quota: {\"..\": \"1\"}}}")),
            refused(422, "quota keys must be ResourceQuota resource names")),
        row("organization: default quota key \"foo\", not a quota resource -> 422 on spec.defaults.quota",
            creating(As.ADMIN, organization("qkey1-" + SFX, "{defaults: {quota: {foo: \"1\"}}}")),
            refused(422, "quota keys must be ResourceQuota resource names")),
        row("organization: default quota key an extended resource without its prefix -> 422 on spec.defaults.quota",
            creating(As.ADMIN, organization("qkey2-" + SFX, "{defaults: {quota: {\"requests.nvidia.com\": \"1\"}}}")),
            refused(422, "quota keys must be ResourceQuota resource names")),
        row("organization: default quota key a qualified name with a bad name part -> 422 on spec.defaults.quota",
            creating(As.ADMIN, organization("qkey3-" + SFX, "{defaults: {quota: {\"count/..\": \"1\"}}}")),
            refused(422, "quota keys must be ResourceQuota resource names")),
        row("organization: default container limit key \"gpu\" (unprefixed extended resource) -> 422",
            creating(As.ADMIN, organization("lkey-" + SFX, "{defaults: {containerLimits: {gpu: \"1\"}}}")),
            refused(422, "limit keys must be container resource names")),
        row("organization: display name with a terminal escape sequence -> 422 on spec.displayName",
            creating(As.ADMIN, """
                {"apiVersion": "orgspace.io/v1alpha1", "kind": "Organization", "metadata": {"name": "esc-%s"},
                 "spec": {"displayName": "Acme\\u001b]0;pwned\\u0007\\u001b[2J"}}
                """.formatted(SFX)),
            refused(422, "spec.displayName: Invalid value")),
        row("organization: no spec at all -> 422, it needs at least one owner",
            creating(As.ADMIN, organization("nospec-" + SFX, null)),
            refused(422, "an organization needs a spec with at least one owner")),
        row("organization: a spec without owners -> 422 on spec",
            creating(As.ADMIN, organization("noowner-" + SFX, "{displayName: Ownerless}")),
            refused(422, "an organization needs at least one owner in spec.owners")),
        row("organization: an empty owners list -> 422 on spec",
            creating(As.ADMIN, organization("emptyowners-" + SFX, "{owners: []}")),
            refused(422, "an organization needs at least one owner in spec.owners")),
        row("organization: removing its last owner -> 422, the owners stay",
            patching(As.ADMIN, Organization.class, null, ORG, "{\"spec\":{\"owners\":null}}"),
            refused(422, "an organization needs at least one owner in spec.owners")),
        row("organization: 3.5 MB object -> 413 from the API server, before any storage",
            creatingObject(As.ADMIN, () -> {
              GenericKubernetesResource org = generic(organization("huge-" + SFX, null));
              org.setAdditionalProperty("spec", Map.of("displayName", "x".repeat(3_500_000)));
              return org;
            }),
            refused(413)));
  }

  private static List<Row> memberships() {
    return List.of(
        row("membership: user system:serviceaccount:kube-system:default -> 422 on spec.user",
            creating(As.ADMIN, membership(HOME, "sa", "system:serviceaccount:kube-system:default", "Owner")),
            refused(422, "spec.user: Invalid value")),
        row("membership: user system:admin@cluster.local -> 422, system: users are reserved",
            creating(As.ADMIN, membership(HOME, "sysadmin", "system:admin@cluster.local", "Owner")),
            refused(422, "system: users are reserved")),
        row("membership: user with unicode -> 422 on spec.user",
            creating(As.ADMIN, membership(HOME, "unicode", "bób@" + DOMAIN, "Developer")),
            refused(422, "spec.user: Invalid value")),
        row("membership: user with a line break -> 422 on spec.user",
            creating(As.ADMIN, """
                {"apiVersion": "orgspace.io/v1alpha1", "kind": "Membership", "metadata": {"name": "newline", "namespace": "%s"},
                 "spec": {"user": "eve@%s\\nbob@%s", "role": "Developer"}}
                """.formatted(HOME, DOMAIN, DOMAIN)),
            refused(422, "spec.user: Invalid value")),
        row("membership: user of 260 characters -> 422, spec.user too long",
            creating(As.ADMIN, membership(HOME, "long-user", "a".repeat(240) + "@" + DOMAIN, "Developer")),
            refused(422, "spec.user: Too long")),
        row("membership: SSH key with an injected line -> 422 on spec.sshPublicKeys[0]",
            creating(As.ADMIN, """
                {"apiVersion": "orgspace.io/v1alpha1", "kind": "Membership", "metadata": {"name": "sshinject", "namespace": "%s"},
                 "spec": {"user": "ssh@%s", "role": "Developer",
                          "sshPublicKeys": ["ssh-ed25519 AAAAC3Nz\\ncommand=\\"sh\\" ssh-ed25519 AAAA"]}}
                """.formatted(HOME, DOMAIN)),
            refused(422, "spec.sshPublicKeys[0]")),
        row("membership: a second Membership for the same user -> Ready=False DuplicateUser",
            creating(As.ADMIN, membership(HOME, "dev-again", DEV, "Owner")),
            condition(Membership.class, HOME, "dev-again", Condition.FALSE, "DuplicateUser", membership ->
                assertFalse(canListMemberships(dev), "the duplicate grants nothing: the developer still cannot manage members"))),
        row("membership: in a namespace that is no organization's home -> Ready=False OrganizationNotFound",
            creating(As.ADMIN, membership(LOOSE, "stray", "stray@" + DOMAIN, "Owner")),
            condition(Membership.class, LOOSE, "stray", Condition.FALSE, "OrganizationNotFound")),
        row("membership: sso.required, a user without the identity provider's prefix -> 422 from the policy",
            HostileInputIT::ssoRequiredOrganization,
            creating(As.ADMIN, membership(Organization.homeNamespace(SSO_ORG), "local", "bob@" + DOMAIN, "Developer")),
            refused(422, "this organization requires single sign-on (spec.sso.required): spec.user must start with the prefix oidc:")),
        row("membership: sso.required, a user with a look-alike prefix (OIDC-) -> 422 from the policy",
            HostileInputIT::ssoRequiredOrganization,
            creating(As.ADMIN, membership(Organization.homeNamespace(SSO_ORG), "lookalike", "OIDC-bob@" + DOMAIN, "Developer")),
            refused(422, "requires single sign-on")),
        row("membership: sso.required, a user with the prefix -> Ready=True Bound",
            HostileInputIT::ssoRequiredOrganization,
            creating(As.ADMIN, membership(Organization.homeNamespace(SSO_ORG), "signed-in", "oidc:bob@" + DOMAIN, "Developer")),
            condition(Membership.class, Organization.homeNamespace(SSO_ORG), "signed-in", Condition.TRUE, "Bound")));
  }

  /** The organization with spec.sso.required, once its home namespace carries the prefix the policy checks. */
  private static void ssoRequiredOrganization() {
    if (admin.resources(Organization.class).withName(SSO_ORG).get() == null) {
      admin.resource(ControlPlane.load(Organization.class, organization(SSO_ORG,
          "{owners: [{kind: User, name: \"oidc:owner@" + DOMAIN + "\"}], sso: {required: true, userPrefix: \"oidc:\"}}")))
          .create();
    }
    Poll.until(CONVERGE, "home of " + SSO_ORG + " marked sso-required", () -> {
      var home = admin.namespaces().withName(Organization.homeNamespace(SSO_ORG)).get();
      return home != null && home.getMetadata().getAnnotations() != null
          && "oidc:".equals(home.getMetadata().getAnnotations().get(Labels.SSO_REQUIRED_USER_PREFIX));
    });
  }

  private static List<Row> escalation() {
    return List.of(
        row("escalation: a Developer creates an Owner Membership for themself -> 403",
            creating(As.DEVELOPER, membership(HOME, "dev-owner", DEV, "Owner")),
            refused(403, "memberships")),
        row("escalation: a Developer raises their own Membership to Owner -> 403",
            patching(As.DEVELOPER, Membership.class, HOME, "dev", "{\"spec\":{\"role\":\"Owner\"}}"),
            refused(403)),
        row("escalation: a Developer creates an Owner-scoped ApiKey -> 403",
            creating(As.DEVELOPER, apiKey("mine", "{scope: Owner}")),
            refused(403, "apikeys")),
        row("escalation: a Developer binds orgspace-owner to themself with a RoleBinding -> 403",
            creatingObject(As.DEVELOPER, () -> new RoleBindingBuilder()
                .withNewMetadata().withName("mine").withNamespace(HOME).endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName("orgspace-owner")
                .endRoleRef().addNewSubject().withKind("User").withApiGroup("rbac.authorization.k8s.io").withName(DEV)
                .endSubject().build()),
            refused(403)),
        row("escalation: a Developer adds themself to the Organization's owners -> 403",
            patching(As.DEVELOPER, Organization.class, null, ORG,
                "{\"spec\":{\"owners\":[{\"kind\":\"User\",\"name\":\"" + DEV + "\"}]}}"),
            refused(403)),
        row("escalation: a Support member deploys an image at creation -> 403 from the deploy policy",
            creating(As.SUPPORT, environment(HOME, "support-deploy", "{project: shop, image: \"evil.example/miner:1\"}")),
            refused(403, "it takes the verb 'deploy'")),
        row("escalation: a Support member picks the head commit (so the image) at creation -> 403 from the deploy rule",
            creating(As.SUPPORT, environment(HOME, "support-sha", "{project: shop, pullRequest: {number: 801, headSha: badc0de}}")),
            refused(403, "your role may not set or change spec.pullRequest.headSha of environments: it takes the verb 'deploy'")),
        row("escalation: a Support member picks the branch (so the image) at creation -> 403 from the deploy rule",
            creating(As.SUPPORT, environment(HOME, "support-branch", "{project: tpl, pullRequest: {number: 802, branch: evil}}")),
            refused(403, "it takes the verb 'deploy'")),
        row("escalation: a Support member picks the host at creation -> 403 from the expose rule",
            creating(As.SUPPORT, environment(HOME, "support-host", "{project: shop, host: \"www." + DOMAIN + "\"}")),
            refused(403, "your role may not set or change spec.host of environments: it takes the verb 'expose'")),
        row("escalation: a Support member turns basic auth off where the project requires it -> 403 from the expose rule",
            creating(As.SUPPORT, environment(HOME, "support-open", "{project: shop, pullRequest: {number: 803}, basicAuth: {enabled: false}}")),
            refused(403, "it takes the verb 'expose'")),
        row("escalation: a Support member sets an expiry years ahead -> 403 from the expire rule",
            creating(As.SUPPORT, environment(HOME, "support-forever", "{project: shop, pullRequest: {number: 804}, expiresAt: \"2099-01-01T00:00:00Z\"}")),
            refused(403, "it takes the verb 'expire'")),
        row("escalation: a Support member sets environment variables at creation -> 403 from the configure rule",
            creating(As.SUPPORT, environment(HOME, "support-vars", "{project: shop, pullRequest: {number: 805}, variables: {LD_PRELOAD: /tmp/x.so}}")),
            refused(403, "it takes the verb 'configure'")),
        row("escalation: a Developer changes the project's image template -> 403 from the configure rule",
            patching(As.DEVELOPER, Project.class, HOME, "shop", "{\"spec\":{\"previews\":{\"image\":\"evil.example/miner:{{sha}}\"}}}"),
            refused(403, "it takes the verb 'configure'")),
        row("escalation: a Developer creates an Environment in another organization -> 403",
            creating(As.DEVELOPER, environment(RIVAL_HOME, "intruder", "{project: shop, image: \"registry.example/x:1\"}")),
            refused(403, "environments")),
        row("escalation: an Owner grants its organization another tenant's domain -> 403 from the platform policy",
            patching(As.OWNER, Organization.class, null, ORG,
                "{\"spec\":{\"domains\":[\"" + DOMAIN + "\",\"bank.example\"]}}"),
            refused(403, "only a platform administrator may set or change an organization's domains")),
        row("escalation: an Owner lifts its organization's limits -> 403 from the platform policy",
            patching(As.OWNER, Organization.class, null, ORG,
                "{\"spec\":{\"limits\":{\"maxEnvironments\":10000,\"allowIsolationRelaxed\":true}}}"),
            refused(403, "only a platform administrator may set or change an organization's limits")),
        row("escalation: an Owner creates a Membership in another organization -> 403",
            creating(As.OWNER, membership(RIVAL_HOME, "planted", OWNER, "Owner")),
            refused(403, "memberships")));
  }

  private static List<Row> projects() {
    return List.of(
        row("project: preview domain under a foreign domain -> Ready=False DomainNotOwned",
            creating(As.ADMIN, project(HOME, "foreign", "{repository: {provider: github, url: \"https://github.com/" + ORG
                + "/foreign\"}, previews: {domain: shop.bank.example, image: \"registry.example/x:1\"}}")),
            condition(Project.class, HOME, "foreign", Condition.FALSE, "DomainNotOwned")),
        row("project: webhook secret that does not exist -> Ready=False WebhookSecretMissing",
            creating(As.ADMIN, project(HOME, "nosecret", "{repository: {provider: gitea, url: \"https://gitea.example/a/b\", webhookSecretRef: {name: missing, key: k}}}")),
            condition(Project.class, HOME, "nosecret", Condition.FALSE, "WebhookSecretMissing")),
        row("project: dotted name that environments could never name -> 422",
            creating(As.ADMIN, project(HOME, "my.shop", "{repository: {provider: github, url: \"https://github.com/a/b\"}}")),
            refused(422, "project name must be a DNS label")),
        row("project: repository URL with a javascript: scheme -> 422 on spec.repository.url",
            creating(As.ADMIN, project(HOME, "jsurl", "{repository: {provider: github, url: \"javascript:alert(1)//https://github.com\"}}")),
            refused(422, "spec.repository.url")),
        row("project: previews that hibernate after 30s -> 422, the shortest idle period is 1m",
            creating(As.ADMIN, project(HOME, "insomniac", "{repository: {provider: github, url: \"https://github.com/a/b\"},"
                + " previews: {hibernateAfter: 30s}}")),
            refused(422, "hibernateAfter must be between 1m and 2160h")),
        row("project: an SSH source with both a namespaceSelector and an ipBlock -> 422",
            creating(As.ADMIN, project(HOME, "sshboth", "{repository: {provider: github, url: \"https://github.com/a/b\"},"
                + " previews: {ssh: {enabled: true, allowedFrom: [{namespaceSelector: {}, ipBlock: {cidr: 10.0.0.0/8}}]}}}")),
            refused(422, "set either namespaceSelector or ipBlock")),
        row("project: an SSH source range 10.0.0.0/33 -> 422 on its cidr",
            creating(As.ADMIN, project(HOME, "sshmask", "{repository: {provider: github, url: \"https://github.com/a/b\"},"
                + " previews: {ssh: {enabled: true, allowedFrom: [{ipBlock: {cidr: 10.0.0.0/33}}]}}}")),
            refused(422, "spec.previews.ssh.allowedFrom[0].ipBlock.cidr")),
        row("project: an SSH source given as a host name -> 422 on its cidr",
            creating(As.ADMIN, project(HOME, "sshname", "{repository: {provider: github, url: \"https://github.com/a/b\"},"
                + " previews: {ssh: {enabled: true, allowedFrom: [{ipBlock: {cidr: vpn.acme.example/16}}]}}}")),
            refused(422, "spec.previews.ssh.allowedFrom[0].ipBlock.cidr")),
        row("project: file named ..data (no ConfigMap takes it) -> 422 on spec.files",
            creating(As.ADMIN, bareProject("dotdata", "files: {\"..data\": x}")),
            refused(422, "spec.files: Invalid value: file names must be ConfigMap keys")),
        row("project: file named . -> 422 on spec.files",
            creating(As.ADMIN, bareProject("dotfile", "files: {\".\": x}")),
            refused(422, "spec.files: Invalid value: file names must be ConfigMap keys")),
        row("project: file named .. -> 422 on spec.files",
            creating(As.ADMIN, bareProject("dotdotfile", "files: {\"..\": x}")),
            refused(422, "spec.files: Invalid value: file names must be ConfigMap keys")),
        row("project: file name of 254 characters -> 422 on spec.files",
            creating(As.ADMIN, bareProject("longfile", "files: {\"" + "f".repeat(254) + "\": x}")),
            refused(422, "spec.files: Invalid value: file names must be ConfigMap keys")),
        row("project: variable named with a dash (no env var name) -> 422 on spec.variables",
            creating(As.ADMIN, bareProject("dashvar", "variables: {\"LOG-LEVEL\": x}")),
            refused(422, "spec.variables: Invalid value: variable names must be environment variable names")),
        row("project: IngressClass name with an underscore (no object name) -> 422 on spec.previews.ingressClassName",
            creating(As.ADMIN, bareProject("badclass", "previews: {ingressClassName: Nginx_Public}")),
            refused(422, "spec.previews.ingressClassName")),
        row("project: TLS Secret name with an empty label (no Secret name) -> 422 on spec.previews.tls.secretName",
            creating(As.ADMIN, bareProject("badtls", "previews: {tls: {secretName: \"tls..cert\"}}")),
            refused(422, "spec.previews.tls.secretName")),
        row("project: webhook Secret name with a label ending in a dash -> 422 on spec.repository.webhookSecretRef.name",
            creating(As.ADMIN, project(HOME, "badhook", "{repository: {provider: github, url: \"https://github.com/a/b\","
                + " webhookSecretRef: {name: \"hook-.x\", key: secret}}}")),
            refused(422, "spec.repository.webhookSecretRef.name")),
        row("project: image template with a space (no container takes it) -> 422 on spec.previews.image",
            creating(As.ADMIN, bareProject("spaceimage", "previews: {image: \"registry.example/x:{{sha}} --privileged\"}")),
            refused(422, "spec.previews.image")),
        row("project: files over 1 MiB in total -> 422 on spec.files (they make one ConfigMap)",
            creatingObject(As.ADMIN, () -> {
              GenericKubernetesResource project = generic(bareProject("toobig"));
              spec(project).put("files", texts("f", 5, 250_000));
              return project;
            }),
            refused(422, "spec.files: Invalid value: files must total at most 1 MiB")),
        row("project: at its largest (1 MiB of files, 256 KiB of variables) -> accepted, its environment Ready",
            new Create(As.ADMIN, List.of(() -> {
              GenericKubernetesResource project = generic(bareProject("big"));
              spec(project).put("files", texts("file-", 4, 262_000));
              spec(project).put("variables", texts("V", 8, 32_700));
              return project;
            }, () -> generic(environment(HOME, "big-env", "{project: big, image: \"registry.example/big:1\"}")))),
            condition(Environment.class, HOME, "big-env", Condition.TRUE, "Deployed", env -> {
              ConfigMap files = admin.configMaps().inNamespace(env.getStatus().namespace).withName("app-files").get();
              assertEquals(4, files.getData().size());
              Deployment app = admin.apps().deployments().inNamespace(env.getStatus().namespace).withName("app").get();
              assertEquals(8, app.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().size());
            })));
  }

  /**
   * A Project's forge API and token: the operator calls only the forge APIs the platform allows
   * (here the default, the public forges), never follows a redirect, and sends as a token only a
   * Secret of the Project's own that Orgspace did not make and that is not the webhook secret.
   */
  private static List<Row> forgeFeedback() {
    String token = ", tokenSecretRef: {name: forge-token, key: token}";
    List<Row> rows = new ArrayList<>();
    for (String[] refused : new String[][] {
        {"plain HTTP to a host", "http://git.example/api/v1"},
        {"user information", "https://user:pw@api.github.com"},
        {"the api host as user information before a metadata address", "https://api.github.com@169.254.169.254"},
        {"a cloud's metadata address", "https://169.254.169.254/latest/meta-data"},
        {"the metadata address in decimal", "https://2852039166/latest"},
        {"the metadata address in hex", "https://0xa9fea9fe/latest"},
        {"loopback in short form", "https://127.1/api/v1"},
        {"IPv4-mapped IPv6 loopback", "http://[::ffff:127.0.0.1]:3000/api/v1"},
        {"IPv6 link-local", "https://[fe80::1]/api/v1"}}) {
      rows.add(row("forge: Owner sets apiUrl to " + refused[0] + " -> 422 on spec.repository.apiUrl",
          creating(As.OWNER, project(HOME, "api-" + rows.size(), "{repository: {provider: gitea, url: \"https://gitea.example/a/b\","
              + " apiUrl: \"" + refused[1] + "\"" + token + "}}")),
          refused(422, "spec.repository.apiUrl")));
    }
    for (String[] notAllowed : new String[][] {
        {"loopback", "http://127.0.0.1:3000/api/v1"},
        {"IPv6 loopback", "http://[::1]:3000/api/v1"},
        {"localhost", "http://localhost:3000/api/v1"},
        {"a cluster service", "https://kubernetes.default.svc/api/v1"},
        {"a host the platform did not allow", "https://git.evil.example/api/v1"},
        {"a public forge's host on another port", "https://api.github.com:8443"}}) {
      String name = "api-" + rows.size();
      rows.add(row("forge: Owner sets apiUrl to " + notAllowed[0] + " -> FeedbackFailed ForgeNotAllowed, nothing called",
          creating(As.OWNER, project(HOME, name, "{repository: {provider: gitea, url: \"https://gitea.example/a/b\","
              + " apiUrl: \"" + notAllowed[1] + "\"" + token + "}}")),
          feedbackFailed(name, ForgeClient.NOT_ALLOWED)));
    }
    rows.add(row("forge: Owner points repository.url at the metadata address, no apiUrl (its default API is there)"
            + " -> FeedbackFailed ForgeNotAllowed",
        creating(As.OWNER, project(HOME, "api-default", "{repository: {provider: gitea, url:"
            + " \"https://169.254.169.254/a/b\"" + token + "}}")),
        feedbackFailed("api-default", ForgeClient.NOT_ALLOWED)));
    rows.add(row("forge: tokenSecretRef naming a Secret of another namespace -> 422 on spec.repository.tokenSecretRef.name",
        creating(As.OWNER, project(HOME, "tok-ns", "{repository: {provider: github, url: \"https://github.com/a/b\","
            + " tokenSecretRef: {name: \"" + RIVAL_HOME + "/forge-token\", key: token}}}")),
        refused(422, "spec.repository.tokenSecretRef.name")));
    rows.add(row("forge: tokenSecretRef naming the webhook secret's own key -> 422, it never leaves the cluster",
        creating(As.OWNER, project(HOME, "tok-hook", "{repository: {provider: github, url: \"https://github.com/a/b\","
            + " webhookSecretRef: {name: hook, key: secret}, tokenSecretRef: {name: hook, key: secret}}}")),
        refused(422, "tokenSecretRef must not name the webhook secret")));
    rows.add(row("forge: tokenSecretRef naming an API key's token Secret (made by Orgspace) -> FeedbackFailed"
            + " TokenSecretNotAllowed",
        () -> {
          create(admin, apiKey("forge-lure", "{scope: Developer, lifetime: 24h}"));
          Poll.until(CONVERGE, "the API key's token Secret", () -> admin.secrets().inNamespace(HOME)
              .withName("apikey-forge-lure").get() != null);
        },
        creating(As.OWNER, project(HOME, "tok-apikey", "{repository: {provider: github, url: \"https://github.com/a/b\","
            + " tokenSecretRef: {name: apikey-forge-lure, key: token}}}")),
        feedbackFailed("tok-apikey", ForgeToken.NOT_ALLOWED)));
    rows.add(row("forge: tokenSecretRef naming a service account token Secret -> FeedbackFailed TokenSecretNotAllowed",
        () -> admin.resource(new SecretBuilder().withNewMetadata().withName("sa-token").withNamespace(HOME)
            .withAnnotations(Map.of("kubernetes.io/service-account.name", "default")).endMetadata()
            .withType("kubernetes.io/service-account-token").build()).create(),
        creating(As.OWNER, project(HOME, "tok-sa", "{repository: {provider: github, url: \"https://github.com/a/b\","
            + " tokenSecretRef: {name: sa-token, key: token}}}")),
        feedbackFailed("tok-sa", ForgeToken.NOT_ALLOWED)));
    rows.add(row("forge: a Developer turns on the pull-request comment -> 403, it takes the verb 'configure'",
        patching(As.DEVELOPER, Project.class, HOME, "shop", "{\"spec\":{\"previews\":{\"comment\":true}}}"),
        refused(403, "it takes the verb 'configure'")));
    return rows;
  }

  /** The Project is valid, and its FeedbackFailed says why its previews cannot be reported. */
  private static StatusCondition<Project> feedbackFailed(String project, String reason) {
    return condition(Project.class, HOME, project, Condition.TRUE, "Valid", created ->
        Poll.until(CONVERGE, project + " FeedbackFailed " + reason, () -> {
          Project p = admin.resources(Project.class).inNamespace(HOME).withName(project).get();
          return p.getStatus() != null && p.getStatus().conditions.stream().anyMatch(c -> "FeedbackFailed".equals(c.type)
              && Condition.TRUE.equals(c.status) && reason.equals(c.reason));
        }));
  }

  private static List<Row> environments() {
    List<Row> rows = new ArrayList<>();
    rows.add(row("attribution: a Developer creates an Environment naming the owner as its author and a forge user -> stamped"
            + " with the Developer, the forge user dropped",
        creating(As.DEVELOPER, """
            apiVersion: orgspace.io/v1alpha1
            kind: Environment
            metadata:
              name: forged-author
              namespace: %s
              annotations: {"%s": "%s", "%s": "%s", "%s": torvalds}
            spec: {project: shop, image: "registry.example/shop:1"}
            """.formatted(HOME, Attribution.CREATED_BY, OWNER, Attribution.CHANGED_BY, OWNER, Attribution.FORGE_AUTHOR)),
        condition(Environment.class, HOME, "forged-author", Condition.TRUE, "Deployed", env -> {
          assertEquals(DEV, env.getMetadata().getAnnotations().get(Attribution.CREATED_BY));
          assertEquals(DEV, env.getMetadata().getAnnotations().get(Attribution.CHANGED_BY));
          assertNull(env.getMetadata().getAnnotations().get(Attribution.FORGE_AUTHOR));
          assertEquals(DEV, env.getStatus().changes.get(env.getStatus().changes.size() - 1).by);
        })));
    rows.add(row("attribution: a Developer rewrites and removes the stamps of the owner's Environment -> the stored stamps stay",
        () -> create(owner, environment(HOME, "owners-env", "{project: shop, image: \"registry.example/shop:1\"}")),
        patching(As.DEVELOPER, Environment.class, HOME, "owners-env", "{\"metadata\":{\"annotations\":{\""
            + Attribution.CHANGED_BY + "\":\"" + DEV + "\",\"" + Attribution.CREATED_BY + "\":null}}}"),
        condition(Environment.class, HOME, "owners-env", Condition.TRUE, "Deployed", env -> {
          assertEquals(OWNER, env.getMetadata().getAnnotations().get(Attribution.CREATED_BY));
          assertEquals(OWNER, env.getMetadata().getAnnotations().get(Attribution.CHANGED_BY));
        })));
    rows.add(row("environment: host under a foreign domain -> Ready=False DomainNotOwned, no Ingress",
        creating(As.ADMIN, environment(HOME, "foreign-host", "{project: shop, image: \"registry.example/x:1\", host: www.bank.example}")),
        condition(Environment.class, HOME, "foreign-host", Condition.FALSE, "DomainNotOwned", env -> {
          assertNull(admin.network().v1().ingresses().inNamespace(env.getStatus().namespace).withName("app").get());
          assertNull(env.getStatus().url);
        })));
    rows.add(row("environment: basic-auth Secret name with an empty label (no Secret name) -> 422 on spec.basicAuth.secretName",
        creating(As.ADMIN, environment(HOME, "bad-auth", "{project: shop, basicAuth: {secretName: \"auth..x\"}}")),
        refused(422, "spec.basicAuth.secretName")));
    rows.add(row("environment: host with unicode (not punycode) -> 422 on spec.host",
        creating(As.ADMIN, environment(HOME, "idn-host", "{project: shop, host: \"vorschau.bücher." + DOMAIN + "\"}")),
        refused(422, "spec.host")));
    rows.add(row("environment: host with a line break and a header after it -> 422 on spec.host",
        creating(As.ADMIN, """
            {"apiVersion": "orgspace.io/v1alpha1", "kind": "Environment", "metadata": {"name": "crlf-host", "namespace": "%s"},
             "spec": {"project": "shop", "host": "pr-1.shop.%s\\r\\nX-Injected: 1"}}
            """.formatted(HOME, DOMAIN)),
        refused(422, "spec.host")));
    rows.add(row("environment: host that merely ends with the organization's domain -> Ready=False DomainNotOwned",
        creating(As.ADMIN, environment(HOME, "suffix-host", "{project: shop, image: \"registry.example/x:1\", host: evil" + DOMAIN + "}")),
        condition(Environment.class, HOME, "suffix-host", Condition.FALSE, "DomainNotOwned", env ->
            assertNull(admin.network().v1().ingresses().inNamespace(env.getStatus().namespace).withName("app").get()))));
    rows.add(row("environment: host under a domain two organizations claim, in the later one -> Ready=False DomainConflict",
        creating(As.ADMIN, environment(RIVAL_HOME, "shop-pr-1", "{project: shop, pullRequest: {number: 1, headSha: abcdef1}}")),
        condition(Environment.class, RIVAL_HOME, "shop-pr-1", Condition.FALSE, "DomainConflict", env -> {
          assertTrue(Conditions.find(env.getStatus().conditions, Condition.READY).message.contains(ORG));
          assertNull(admin.network().v1().ingresses().inNamespace(env.getStatus().namespace).withName("app").get());
        })));
    AtomicReference<Environment> first = new AtomicReference<>();
    rows.add(row("environment: two Environments for the same pull request -> the later is Ready=False DuplicatePullRequest",
        () -> {
          create(admin, environment(HOME, "dup-a", "{project: shop, pullRequest: {number: 7, headSha: aaaaaaa}}"));
          first.set(awaitCondition(Environment.class, HOME, "dup-a", Condition.TRUE, "Deployed"));
        },
        creating(As.ADMIN, environment(HOME, "dup-b", "{project: shop, pullRequest: {number: 7, headSha: bbbbbbb}}")),
        condition(Environment.class, HOME, "dup-b", Condition.FALSE, "DuplicatePullRequest", env -> {
          String ns = first.get().getStatus().namespace;
          assertEquals("dup-a", admin.namespaces().withName(ns).get().getMetadata().getLabels().get(Labels.ENVIRONMENT));
          assertEquals("registry.example/shop:aaaaaaa", image(ns));
          awaitCondition(Environment.class, HOME, "dup-a", Condition.TRUE, "Deployed");
        })));
    rows.add(row("environment: a named environment whose namespace is a pull request's -> Ready=False NamespaceConflict",
        creating(As.ADMIN, environment(HOME, "pr-7", "{project: shop, image: \"registry.example/squatter:1\"}")),
        condition(Environment.class, HOME, "pr-7", Condition.FALSE, "NamespaceConflict", env ->
            assertEquals("registry.example/shop:aaaaaaa", image(TenantNamespaces.environment(ORG, "shop", "pr-7"))))));
    rows.add(row("environment: deleting the refused duplicates leaves the original's namespace and workload",
        deleting(Environment.class, HOME, "dup-b", "pr-7"),
        deleted(Environment.class, HOME, List.of("dup-b", "pr-7"), () -> {
          Namespace ns = admin.namespaces().withName(TenantNamespaces.environment(ORG, "shop", "pr-7")).get();
          assertNotNull(ns);
          assertNull(ns.getMetadata().getDeletionTimestamp(), "the original's namespace is not being deleted");
          assertEquals("registry.example/shop:aaaaaaa", image(TenantNamespaces.environment(ORG, "shop", "pr-7")));
          awaitCondition(Environment.class, HOME, "dup-a", Condition.TRUE, "Deployed");
        })));
    String taken = TenantNamespaces.environment(ORG, "shop", "taken");
    rows.add(row("environment: its namespace exists and is no one's (unlabelled) -> Ready=False NamespaceConflict, untouched",
        () -> admin.resource(new NamespaceBuilder().withNewMetadata().withName(taken).addToLabels("team", "payments")
            .endMetadata().build()).create(),
        creating(As.ADMIN, environment(HOME, "taken", "{project: shop, image: \"registry.example/x:1\"}")),
        condition(Environment.class, HOME, "taken", Condition.FALSE, "NamespaceConflict", env -> {
          assertNull(env.getStatus().namespace);
          assertEquals(Map.of("team", "payments", "kubernetes.io/metadata.name", taken),
              admin.namespaces().withName(taken).get().getMetadata().getLabels(), "not adopted, not relabelled");
          assertTrue(admin.apps().deployments().inNamespace(taken).list().getItems().isEmpty(), "nothing written into it");
          admin.resources(Environment.class).inNamespace(HOME).withName("taken").delete();
          Poll.until(CONVERGE, "environment taken gone", () -> get(Environment.class, HOME, "taken") == null);
          assertNull(admin.namespaces().withName(taken).get().getMetadata().getDeletionTimestamp(), "and not deleted");
          admin.namespaces().withName(taken).delete();
        })));
    String labelled = TenantNamespaces.environment(ORG, "shop", "labelled");
    rows.add(row("environment: its namespace is labelled for another organization -> Ready=False NamespaceConflict",
        () -> admin.resource(new NamespaceBuilder().withNewMetadata().withName(labelled)
            .withLabels(Labels.forOrganization(RIVAL)).endMetadata().build()).create(),
        creating(As.ADMIN, environment(HOME, "labelled", "{project: shop, image: \"registry.example/x:1\"}")),
        condition(Environment.class, HOME, "labelled", Condition.FALSE, "NamespaceConflict", env ->
            assertEquals(RIVAL, admin.namespaces().withName(labelled).get().getMetadata().getLabels().get(Labels.ORGANIZATION)))));
    // Organization ORG with project "shop-b" and organization ORG-shop with project "b" once both made
    // ORG-shop-b-pr-1; the hash of the tuple in the name keeps them apart.
    String other = ORG + "-shop";
    AtomicReference<Environment> victim = new AtomicReference<>();
    rows.add(row("environment: another organization's environment whose tuple reads the same -> its own namespace",
        () -> {
          create(admin, project(HOME, "shop-b", "{repository: {provider: github, url: \"https://github.com/a/shop-b\"}}"));
          create(admin, environment(HOME, "shop-b-pr-1", "{project: shop-b, pullRequest: {number: 1}, image: \"registry.example/victim:1\"}"));
          victim.set(awaitCondition(Environment.class, HOME, "shop-b-pr-1", Condition.TRUE, "Deployed"));
          TestOrganization.named(other).owner("mallory@" + other + ".example").create(admin).awaitHome(CONVERGE);
          create(admin, project(Organization.homeNamespace(other), "b",
              "{repository: {provider: github, url: \"https://github.com/a/b\"}}"));
        },
        creating(As.ADMIN, environment(Organization.homeNamespace(other), "b-pr-1",
            "{project: b, pullRequest: {number: 1}, image: \"registry.example/intruder:1\"}")),
        condition(Environment.class, Organization.homeNamespace(other), "b-pr-1", Condition.TRUE, "Deployed", env -> {
          String ns = victim.get().getStatus().namespace;
          assertEquals(TenantNamespaces.environment(ORG, "shop-b", "pr-1"), ns);
          assertNotEquals(ns, env.getStatus().namespace);
          assertEquals(ORG, admin.namespaces().withName(ns).get().getMetadata().getLabels().get(Labels.ORGANIZATION));
          assertEquals("registry.example/victim:1", image(ns));
          assertEquals("registry.example/intruder:1", image(env.getStatus().namespace));
          awaitCondition(Organization.class, null, other, Condition.TRUE, "Reconciled");
          assertTrue(admin.rbac().roleBindings().inNamespace(ns).list().getItems().stream()
              .flatMap(binding -> binding.getSubjects().stream())
              .noneMatch(subject -> subject.getName().contains("mallory")), "the other organization's owner gets no access");
          admin.resources(Organization.class).withName(other).delete();
          Poll.until(CONVERGE, "the other organization's environment gone",
              () -> get(Environment.class, Organization.homeNamespace(other), "b-pr-1") == null);
          assertNull(admin.namespaces().withName(ns).get().getMetadata().getDeletionTimestamp(), "the namespace is not deleted");
          awaitCondition(Environment.class, HOME, "shop-b-pr-1", Condition.TRUE, "Deployed");
        })));
    // Organization "org-<x>", project "p", environment "victim" once made org-<x>-p-victim: the home
    // namespace of a future organization "<x>-p-victim", where the first one's Owner could then
    // create a Membership that counted for the second.
    for (String[] spelling : new String[][] {{"p", "victim"}, {"p-vic", "tim"}}) {
      String speller = "org-hs" + spelling[0].length() + "-" + SFX;
      String target = speller.substring("org-".length()) + "-" + spelling[0] + "-" + spelling[1];
      rows.add(row("environment: organization " + speller + ", project " + spelling[0] + ", environment " + spelling[1]
              + " -> an env- namespace, never organization " + target + "'s home",
          () -> {
            TestOrganization.named(speller).owner("speller@" + speller + ".example").create(admin).awaitHome(CONVERGE);
            create(admin, project(Organization.homeNamespace(speller), spelling[0],
                "{repository: {provider: github, url: \"https://github.com/a/p\"}}"));
          },
          creating(As.ADMIN, environment(Organization.homeNamespace(speller), spelling[1],
              "{project: " + spelling[0] + ", image: \"registry.example/x:1\"}")),
          condition(Environment.class, Organization.homeNamespace(speller), spelling[1], Condition.TRUE, "Deployed", env -> {
            String ns = env.getStatus().namespace;
            assertTrue(ns.startsWith(TenantNamespaces.ENVIRONMENT_PREFIX), ns);
            assertNotEquals(Organization.homeNamespace(target), ns);
            TestOrganization.named(target).owner().create(admin).awaitReady(CONVERGE);
            Namespace home = admin.namespaces().withName(Organization.homeNamespace(target)).get();
            assertEquals(admin.resources(Organization.class).withName(target).get().getMetadata().getUid(),
                home.getMetadata().getLabels().get(TenantNamespaces.ORGANIZATION_UID), "its own home, proven by its UID");
            var refused = assertThrows(KubernetesClientException.class, () -> ControlPlane.as("speller@" + speller + ".example")
                .resource(membership(Organization.homeNamespace(target), "planted", "speller@" + speller + ".example", "Owner")).create());
            assertEquals(403, refused.getCode(), "the first organization's Owner has no say in the second's home");
            TestOrganization.deleteAndAwait(admin, speller.substring("org-".length()), CONVERGE, speller, target);
          })));
    }
    rows.add(row("environment: pull request 999999999 (the largest) -> Ready on pr-999999999",
        creating(As.ADMIN, environment(HOME, "pr-max", "{project: shop, pullRequest: {number: 999999999, headSha: abcdef1}}")),
        condition(Environment.class, HOME, "pr-max", Condition.TRUE, "Deployed", env -> {
          assertEquals(TenantNamespaces.environment(ORG, "shop", "pr-999999999"), env.getStatus().namespace);
          assertEquals("https://pr-999999999.shop." + DOMAIN, env.getStatus().url);
        })));
    for (String[] bad : new String[][] {{"0", "greater than or equal to 1"}, {"-1", "greater than or equal to 1"},
        {"1000000000", "less than or equal to 999999999"}, {"9223372036854775808", "must be of type integer"},
        {"1.5", "must be of type integer"}, {"\"7\"", "must be of type integer"}}) {
      rows.add(row("environment: pull request number " + bad[0] + " -> 422 on spec.pullRequest.number",
          creating(As.ADMIN, environment(HOME, "pr-bad", "{project: shop, pullRequest: {number: " + bad[0] + "}}")),
          refused(422, "spec.pullRequest.number")));
    }
    String longProject = "p" + "r".repeat(62);
    rows.add(row("environment: 59-character organization, 63-character project, largest PR -> namespace cut to 63, Ready",
        () -> {
          TestOrganization.awaitHome(admin, LONG, CONVERGE);
          create(admin, project(Organization.homeNamespace(LONG), longProject,
              "{repository: {provider: github, url: \"https://github.com/a/b\"}}"));
        },
        creating(As.ADMIN, environment(Organization.homeNamespace(LONG), "long-pr",
            "{project: " + longProject + ", pullRequest: {number: 999999999}, image: \"registry.example/x:1\"}")),
        condition(Environment.class, Organization.homeNamespace(LONG), "long-pr", Condition.TRUE, "Deployed", env -> {
          assertEquals(63, env.getStatus().namespace.length());
          assertTrue(env.getStatus().namespace.startsWith(TenantNamespaces.ENVIRONMENT_PREFIX + LONG.substring(0, 20)),
              env.getStatus().namespace);
          Namespace ns = admin.namespaces().withName(env.getStatus().namespace).get();
          assertEquals(longProject, ns.getMetadata().getLabels().get(Labels.PROJECT));
        })));
    String longName = "n" + "a".repeat(249);
    rows.add(row("environment: name of 250 characters -> Ready, namespace and labels cut to 63",
        creating(As.ADMIN, environment(HOME, longName, "{project: shop, image: \"registry.example/x:1\"}")),
        condition(Environment.class, HOME, longName, Condition.TRUE, "Deployed", env -> {
          assertTrue(env.getStatus().namespace.length() <= 63);
          String label = admin.namespaces().withName(env.getStatus().namespace).get().getMetadata().getLabels()
              .get(Labels.ENVIRONMENT);
          assertTrue(label.length() <= 63, label);
          assertTrue(env.getStatus().url.startsWith("https://na"), env.getStatus().url);
        })));
    rows.add(row("environment: dotted name (v1.2.3) -> Ready in a namespace that is a DNS label",
        creating(As.ADMIN, environment(HOME, "v1.2.3", "{project: shop, image: \"registry.example/x:1\"}")),
        condition(Environment.class, HOME, "v1.2.3", Condition.TRUE, "Deployed", env -> {
          assertTrue(env.getStatus().namespace.matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"), env.getStatus().namespace);
          assertEquals("https://v1.2.3.shop." + DOMAIN, env.getStatus().url);
        })));
    rows.add(row("environment: unicode name -> 422 on metadata.name",
        creating(As.ADMIN, environment(HOME, "vorschau-ä", "{project: shop}")),
        refused(422, "metadata.name: Invalid value")));
    rows.add(row("environment: variable values with unicode and control characters -> passed through verbatim, Ready",
        creating(As.ADMIN, """
            {"apiVersion": "orgspace.io/v1alpha1", "kind": "Environment", "metadata": {"name": "odd-values", "namespace": "%s"},
             "spec": {"project": "shop", "image": "registry.example/x:1",
                      "variables": {"GREETING": "grüß dich 🚀", "CTRL": "a\\u0000b\\u001b[31mc\\nd", "EXPANSION": "$(HOME) ${PATH}"}}}
            """.formatted(HOME)),
        condition(Environment.class, HOME, "odd-values", Condition.TRUE, "Deployed", env -> {
          var variables = admin.apps().deployments().inNamespace(env.getStatus().namespace).withName("app").get()
              .getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
          Map<String, String> byName = new LinkedHashMap<>();
          variables.forEach(v -> byName.put(v.getName(), v.getValue()));
          assertEquals("grüß dich 🚀", byName.get("GREETING"));
          assertEquals("a\u0000b\u001b[31mc\nd", byName.get("CTRL"));
          assertEquals("info", byName.get("LOG_LEVEL"), "the project's variables are merged in");
        })));
    rows.add(row("environment: variable name with unicode -> 422 on spec.variables",
        creating(As.ADMIN, environment(HOME, "bad-var", "{project: shop, variables: {GRÜSSE: x}}")),
        refused(422, "variable names must be environment variable names")));
    rows.add(row("environment: variables over 256 KiB in total -> 422 on spec.variables",
        creatingObject(As.ADMIN, () -> {
          GenericKubernetesResource env = generic(environment(HOME, "fat-vars", "{project: shop, image: \"registry.example/x:1\"}"));
          spec(env).put("variables", texts("V", 9, 32_000));
          return env;
        }),
        refused(422, "spec.variables: Invalid value: variables must total at most 256 KiB")));
    rows.add(row("environment: expiresAt of 30 February -> 422 on spec.expiresAt",
        creating(As.ADMIN, environment(HOME, "feb-30", "{project: shop, expiresAt: \"2026-02-30T00:00:00Z\"}")),
        refused(422, "spec.expiresAt")));
    rows.add(row("environment: expiresAt in year 0 -> 422 on spec.expiresAt",
        creating(As.ADMIN, environment(HOME, "year-0", "{project: shop, expiresAt: \"0000-01-01T00:00:00Z\"}")),
        refused(422, "spec.expiresAt")));
    rows.add(row("environment: expiresAt in the past -> deleted by the operator",
        creating(As.ADMIN, environment(HOME, "expired", "{project: shop, image: \"registry.example/x:1\", expiresAt: \"2020-01-01T00:00:00Z\"}")),
        deleted(Environment.class, HOME, List.of("expired"), () -> { })));
    rows.add(row("environment: expiresAt in year 9999 -> Ready, expiry reported",
        creating(As.ADMIN, environment(HOME, "forever", "{project: shop, image: \"registry.example/x:1\", expiresAt: \"9999-12-31T23:59:59Z\"}")),
        condition(Environment.class, HOME, "forever", Condition.TRUE, "Deployed", env ->
            assertEquals("9999-12-31T23:59:59Z", env.getStatus().expiresAt))));
    rows.add(row("environment: project that does not exist -> Ready=False ProjectNotFound",
        creating(As.ADMIN, environment(HOME, "orphan", "{project: nothing, image: \"registry.example/x:1\"}")),
        condition(Environment.class, HOME, "orphan", Condition.FALSE, "ProjectNotFound")));
    rows.add(row("environment: in a namespace that is no organization's home -> Ready=False OrganizationNotFound",
        creating(As.ADMIN, environment(LOOSE, "stray", "{project: shop, image: \"registry.example/x:1\"}")),
        condition(Environment.class, LOOSE, "stray", Condition.FALSE, "OrganizationNotFound")));
    rows.add(row("environment: in org-<name> of no Organization -> Ready=False OrganizationNotFound, no namespace made",
        creating(As.ADMIN, environment(GHOST_HOME, "ghost", "{project: shop, image: \"registry.example/x:1\"}")),
        condition(Environment.class, GHOST_HOME, "ghost", Condition.FALSE, "OrganizationNotFound", env ->
            assertNull(admin.namespaces().withName(TenantNamespaces.environment("ghost-" + SFX, "shop", "ghost")).get()))));
    rows.add(row("environment: branch with unicode and control characters -> DNS-safe in the image, Ready",
        creating(As.ADMIN, """
            {"apiVersion": "orgspace.io/v1alpha1", "kind": "Environment", "metadata": {"name": "tpl-pr-12", "namespace": "%s"},
             "spec": {"project": "tpl", "pullRequest": {"number": 12, "branch": "Fëature/💥\\u0007\\nx;rm -rf"}}}
            """.formatted(HOME)),
        condition(Environment.class, HOME, "tpl-pr-12", Condition.TRUE, "Deployed", env ->
            assertEquals("registry.example/tpl:f-ature-x-rm-rf-12", image(env.getStatus().namespace)))));
    return rows;
  }

  /**
   * The organization's Secrets: owners write their own, never Orgspace's; secretVariables and
   * imagePullSecrets copy only from Secrets of the environment's own home namespace its owners
   * released, so naming one is never a way to read what the namer could not.
   */
  private static List<Row> secrets() {
    String tokenSecret = "apikey-tokenleak";
    Executable apiKeyToken = () -> {
      if (admin.resources(ApiKey.class).inNamespace(HOME).withName("tokenleak").get() == null) {
        create(admin, apiKey("tokenleak", "{scope: Owner, lifetime: 1h}"));
      }
      Poll.until(CONVERGE, "the API key's token Secret", () -> admin.secrets().inNamespace(HOME).withName(tokenSecret).get() != null);
    };
    List<Row> rows = new ArrayList<>();
    rows.add(row("secrets: an Owner creates a Secret labelled app.kubernetes.io/managed-by: orgspace -> 403",
        creating(As.OWNER, secret(HOME, "posing", "{\"" + Labels.MANAGED_BY + "\": orgspace}")),
        refused(403, "orgspace-tenant-secrets")));
    rows.add(row("secrets: an Owner creates a Secret with an orgspace.io/apikey label -> 403",
        creating(As.OWNER, secret(HOME, "posing-key", "{orgspace.io/apikey: tokenleak}")),
        refused(403, "orgspace-tenant-secrets")));
    rows.add(row("secrets: an Owner releases an API key's token Secret to environments -> 403",
        apiKeyToken,
        patching(As.OWNER, Secret.class, HOME, tokenSecret,
            "{\"metadata\":{\"labels\":{\"" + Labels.USE_IN_ENVIRONMENTS + "\":\"true\"}}}"),
        refused(403, "orgspace-tenant-secrets")));
    rows.add(row("secrets: an Owner strips the labels of an API key's token Secret -> 403",
        apiKeyToken,
        patching(As.OWNER, Secret.class, HOME, tokenSecret,
            "{\"metadata\":{\"labels\":{\"" + Labels.MANAGED_BY + "\":null,\"orgspace.io/apikey\":null}}}"),
        refused(403, "orgspace-tenant-secrets")));
    rows.add(row("secrets: an Owner creates a ServiceAccount token Secret for an API key's ServiceAccount -> 403",
        creating(As.OWNER, """
            apiVersion: v1
            kind: Secret
            metadata: {name: forever-token, namespace: %s, annotations: {kubernetes.io/service-account.name: apikey-tokenleak}}
            type: kubernetes.io/service-account-token
            """.formatted(HOME)),
        refused(403, "orgspace-tenant-secrets")));
    rows.add(row("secrets: an Owner creates a Secret named orgspace-ssh-* -> 403",
        creating(As.OWNER, secret(HOME, "orgspace-ssh-dev", "{}")),
        refused(403, "orgspace-tenant-secrets")));
    rows.add(row("secrets: an Owner creates a Secret in another organization's home namespace -> 403",
        creating(As.OWNER, secret(RIVAL_HOME, "planted", "{}")),
        refused(403)));
    rows.add(row("environment: a Developer names an API key's token Secret in secretVariables -> Ready=False"
            + " SecretNotAvailable, nothing copied",
        apiKeyToken,
        creating(As.DEVELOPER, environment(HOME, "steal-token", "{project: shop, image: \"registry.example/shop:1\","
            + " secretVariables: {TOKEN: {secretKeyRef: {name: " + tokenSecret + ", key: token}}}}")),
        condition(Environment.class, HOME, "steal-token", Condition.FALSE, "SecretNotAvailable", env -> {
          assertTrue(Conditions.find(env.getStatus().conditions, Condition.READY).message.contains("Secret " + tokenSecret));
          assertNull(admin.secrets().inNamespace(env.getStatus().namespace).withName("app-secret-variables").get());
          assertNull(admin.apps().deployments().inNamespace(env.getStatus().namespace).withName("app").get());
        })));
    rows.add(row("environment: a Developer names the webhook secret (not released) -> Ready=False SecretNotAvailable",
        creating(As.DEVELOPER, environment(HOME, "steal-hook", "{project: shop, image: \"registry.example/shop:1\","
            + " secretVariables: {HOOK: {secretKeyRef: {name: hook, key: secret}}}}")),
        condition(Environment.class, HOME, "steal-hook", Condition.FALSE, "SecretNotAvailable", env ->
            assertNull(admin.secrets().inNamespace(env.getStatus().namespace).withName("app-secret-variables").get()))));
    rows.add(row("environment: a Developer names another organization's released Secret (namespace in the reference)"
            + " -> the field is dropped, the name is looked up at home only: Ready=False SecretNotAvailable",
        () -> {
          if (admin.secrets().inNamespace(RIVAL_HOME).withName("shared").get() == null) {
            admin.resource(new SecretBuilder().withNewMetadata().withName("shared").withNamespace(RIVAL_HOME)
                .addToLabels(Labels.USE_IN_ENVIRONMENTS, "true").endMetadata()
                .addToStringData("value", RIVAL_VALUE).build()).create();
          }
        },
        creating(As.DEVELOPER, environment(HOME, "steal-rival", "{project: shop, image: \"registry.example/shop:1\","
            + " secretVariables: {RIVAL: {secretKeyRef: {name: shared, key: value, namespace: " + RIVAL_HOME + "}}}}")),
        condition(Environment.class, HOME, "steal-rival", Condition.FALSE, "SecretNotAvailable", env -> {
          assertTrue(Conditions.find(env.getStatus().conditions, Condition.READY).message.contains("Secret shared not found"));
          assertNull(admin.secrets().inNamespace(env.getStatus().namespace).withName("app-secret-variables").get());
        })));
    rows.add(row("project: an Owner names an API key's token Secret as an image pull Secret -> Ready=False"
            + " SecretNotAvailable on its environments",
        apiKeyToken,
        creating(As.OWNER, bareProject("pulls", "previews: {image: \"registry.example/pulls:1\"},"
            + " imagePullSecrets: [{name: " + tokenSecret + "}]"), environment(HOME, "pulls-env", "{project: pulls}")),
        condition(Environment.class, HOME, "pulls-env", Condition.FALSE, "SecretNotAvailable", env ->
            assertNull(admin.secrets().inNamespace(env.getStatus().namespace).withName("app-image-pull").get()))));
    rows.add(row("project: Support adds secretVariables -> 403, naming Secrets follows \"update environment variables\"",
        patching(As.SUPPORT, Project.class, HOME, "shop",
            "{\"spec\":{\"secretVariables\":{\"TOKEN\":{\"secretKeyRef\":{\"name\":\"hook\",\"key\":\"secret\"}}}}}"),
        refused(403, "spec.secretVariables")));
    rows.add(row("environment: a name both in variables and secretVariables -> 422",
        creating(As.DEVELOPER, environment(HOME, "twice", "{project: shop, variables: {TOKEN: x},"
            + " secretVariables: {TOKEN: {secretKeyRef: {name: hook, key: secret}}}}")),
        refused(422, "a name is either in variables or in secretVariables")));
    rows.add(row("environment: a secret variable named with a shell injection -> 422",
        creating(As.DEVELOPER, environment(HOME, "inject", "{project: shop,"
            + " secretVariables: {\"A;rm -rf /\": {secretKeyRef: {name: hook, key: secret}}}}")),
        refused(422, "variable names must be environment variable names")));
    rows.add(row("project: a probe path without a leading slash -> 422 on spec.probes.readiness.path",
        creating(As.OWNER, bareProject("probe-path", "probes: {readiness: {path: \"healthz\"}}")),
        refused(422, "spec.probes.readiness.path")));
    rows.add(row("project: a probe port of 0 -> 422 on spec.probes.liveness.port",
        creating(As.OWNER, bareProject("probe-port", "probes: {liveness: {port: 0}}")),
        refused(422, "spec.probes.liveness.port")));
    return rows;
  }

  private static String secret(String namespace, String name, String labels) {
    return """
        apiVersion: v1
        kind: Secret
        metadata: {name: "%s", namespace: %s, labels: %s}
        stringData: {value: not-a-real-secret}
        """.formatted(name, namespace, labels);
  }

  private static List<Row> apiKeys() {
    String longName = "k" + "e".repeat(99);
    return List.of(
        row("apikey: lifetime over the organization's maximum -> Ready=False LifetimeExceedsPolicy",
            creating(As.ADMIN, apiKey("forever", "{scope: Manager, lifetime: 8760h}")),
            condition(ApiKey.class, HOME, "forever", Condition.FALSE, "LifetimeExceedsPolicy", key ->
                assertNull(admin.serviceAccounts().inNamespace(HOME).withName("apikey-forever").get()))),
        row("apikey: name of 100 characters -> Ready, its label cut to 63",
            creating(As.ADMIN, apiKey(longName, "{scope: Manager, lifetime: 1h}")),
            condition(ApiKey.class, HOME, longName, Condition.TRUE, "TokenIssued", key -> {
              Secret secret = admin.secrets().inNamespace(HOME).withName("apikey-" + longName).get();
              assertTrue(secret.getMetadata().getLabels().get("orgspace.io/apikey").length() <= 63);
            })),
        row("apikey: name of 247 characters -> 422, apikey-<name> would not fit 253",
            creating(As.ADMIN, apiKey("k".repeat(247), "{scope: Manager}")),
            refused(422, "API key name must be at most 246 characters")),
        row("apikey: expiresAt of 30 February -> 422 on spec.expiresAt",
            creating(As.ADMIN, apiKey("feb-30", "{scope: Manager, expiresAt: \"2026-02-30T10:00:00Z\"}")),
            refused(422, "spec.expiresAt")),
        row("apikey: description with a terminal escape sequence -> 422 on spec.description",
            creating(As.ADMIN, """
                {"apiVersion": "orgspace.io/v1alpha1", "kind": "ApiKey", "metadata": {"name": "esc", "namespace": "%s"},
                 "spec": {"scope": "Manager", "description": "ci\\u001b[2K\\rall good"}}
                """.formatted(HOME)),
            refused(422, "spec.description")),
        row("apikey: expiresAt in the past -> Ready=False Expired, no ServiceAccount",
            creating(As.ADMIN, apiKey("ended", "{scope: Manager, lifetime: 1h, expiresAt: \"2020-01-01T00:00:00Z\"}")),
            condition(ApiKey.class, HOME, "ended", Condition.FALSE, "Expired", key ->
                assertNull(admin.serviceAccounts().inNamespace(HOME).withName("apikey-ended").get()))),
        row("apikey: duration that overflows (999999h three times) -> 422 on spec.lifetime",
            creating(As.ADMIN, apiKey("overflow", "{scope: Manager, lifetime: 999999h999999h999999h}")),
            refused(422, "spec.lifetime")));
  }

  private static List<Row> webhooks() {
    List<Row> rows = new ArrayList<>();
    rows.add(row("webhook: body over 1 MiB with its Content-Length -> 413",
        delivering("github", () -> signed(GitProvider.github,
            ("{\"pad\":\"" + "x".repeat(WebhookServer.MAX_BODY) + "\"}").getBytes(StandardCharsets.UTF_8))),
        answers(413)));
    rows.add(row("webhook: body over 1 MiB, chunked without a Content-Length -> 413",
        requesting(() -> {
          byte[] huge = ("{\"pad\":\"" + "x".repeat(2 * WebhookServer.MAX_BODY) + "\"}").getBytes(StandardCharsets.UTF_8);
          Delivery delivery = signed(GitProvider.github, huge);
          Request.Builder request = new Request.Builder().url(operator.webhookUrl(ORG, "github")).post(new RequestBody() {
            @Override
            public MediaType contentType() {
              return MediaType.parse("application/json");
            }

            @Override
            public long contentLength() {
              return -1; // chunked
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
              sink.write(huge);
            }
          });
          delivery.headers().forEach(request::header);
          return request.build();
        }),
        answers(413)));
    rows.add(row("webhook: signed pull request padded to exactly 1 MiB -> 200, applied",
        delivering("github", () -> {
          String body = new String(pullRequest(GitProvider.github, "opened", 301).body(), StandardCharsets.UTF_8);
          String head = body.substring(0, body.lastIndexOf('}'));
          int pad = WebhookServer.MAX_BODY - head.getBytes(StandardCharsets.UTF_8).length - 1;
          byte[] exact = (head + " ".repeat(pad) + "}").getBytes(StandardCharsets.UTF_8);
          assertEquals(WebhookServer.MAX_BODY, exact.length);
          return Deliveries.signed(GitProvider.github, SECRET, exact, "pull_request", id());
        }),
        answers(200, () -> Poll.until(CONVERGE, "github-pr-301", () -> get(Environment.class, HOME, "github-pr-301") != null))));
    rows.add(row("webhook: signature over the whole body, body truncated in transit -> 401",
        delivering("github", () -> {
          Delivery good = pullRequest(GitProvider.github, "opened", 302);
          byte[] cut = java.util.Arrays.copyOf(good.body(), good.body().length / 2);
          return new Delivery(cut, good.headers());
        }),
        answers(401, () -> assertNull(get(Environment.class, HOME, "github-pr-302")))));
    rows.add(row("webhook: truncated JSON, correctly signed -> 400",
        delivering("github", () -> {
          Delivery good = pullRequest(GitProvider.github, "opened", 303);
          byte[] cut = java.util.Arrays.copyOf(good.body(), good.body().length / 2);
          return Deliveries.signed(GitProvider.github, SECRET, cut, "pull_request", id());
        }),
        answers(400)));
    rows.add(row("webhook: wrong signature -> 401",
        delivering("github", () -> {
          Delivery good = pullRequest(GitProvider.github, "opened", 304);
          Map<String, String> headers = new LinkedHashMap<>(good.headers());
          headers.put("X-Hub-Signature-256", "sha256=" + "ab".repeat(32));
          return new Delivery(good.body(), headers);
        }),
        answers(401)));
    rows.add(row("webhook: signed with the right secret, header of the wrong provider (Gitea to GitHub) -> 401",
        delivering("github", () -> retitled(pullRequest(GitProvider.gitea, "opened", 305), GitProvider.github)),
        answers(401)));
    rows.add(row("webhook: signed with the right secret, header of the wrong provider (GitHub to GitLab) -> 401",
        delivering("gitlab", () -> pullRequest(GitProvider.github, "opened", 306)),
        answers(401)));
    rows.add(row("webhook: the right token in the wrong provider's header (GitLab token to Gitea) -> 401",
        delivering("gitea", () -> pullRequest(GitProvider.gitlab, "open", 307)),
        answers(401)));
    rows.add(row("webhook: project without a webhook secret -> 401",
        delivering("bare", () -> pullRequest(GitProvider.github, "opened", 308)),
        answers(401)));
    AtomicReference<Delivery> replayed = new AtomicReference<>();
    AtomicReference<String> replayedVersion = new AtomicReference<>();
    rows.add(row("webhook: replayed delivery -> 200 duplicate, the Environment unchanged",
        () -> {
          replayed.set(pullRequest(GitProvider.github, "opened", 309));
          assertEquals(200, webhook("github", replayed.get()));
          awaitCondition(Environment.class, HOME, "github-pr-309", Condition.TRUE, "Deployed");
          replayedVersion.set(get(Environment.class, HOME, "github-pr-309").getMetadata().getResourceVersion());
        },
        delivering("github", replayed::get),
        answers(200, () -> assertEquals(replayedVersion.get(),
            get(Environment.class, HOME, "github-pr-309").getMetadata().getResourceVersion()))));
    AtomicReference<Delivery> renamed = new AtomicReference<>();
    AtomicReference<String> renamedVersion = new AtomicReference<>();
    rows.add(row("webhook: the same payload under a new delivery id -> 200, the Environment unchanged",
        () -> {
          renamed.set(pullRequest(GitProvider.github, "opened", 310));
          assertEquals(200, webhook("github", renamed.get()));
          awaitCondition(Environment.class, HOME, "github-pr-310", Condition.TRUE, "Deployed");
          renamedVersion.set(get(Environment.class, HOME, "github-pr-310").getMetadata().getResourceVersion());
        },
        delivering("github", () -> Deliveries.signed(GitProvider.github, SECRET, renamed.get().body(), "pull_request", id())),
        answers(200, () -> assertEquals(renamedVersion.get(),
            get(Environment.class, HOME, "github-pr-310").getMetadata().getResourceVersion()))));
    for (String[] number : new String[][] {{"\"abc\"", "a string"}, {"-5", "negative"}, {"0", "zero"},
        {"1000000000000", "over 999999999"}, {"1.5", "fractional"}, {"null", "null"}, {"[1]", "an array"}}) {
      rows.add(row("webhook: pull request number " + number[1] + " (" + number[0] + ") -> 400, nothing applied",
          delivering("github", () -> {
            String body = new String(pullRequest(GitProvider.github, "opened", 311).body(), StandardCharsets.UTF_8)
                .replace("\"number\": 311", "\"number\": " + number[0]);
            return Deliveries.signed(GitProvider.github, SECRET, body.getBytes(StandardCharsets.UTF_8), "pull_request", id());
          }),
          answers(400, () -> assertNull(get(Environment.class, HOME, "github-pr-311")))));
    }
    rows.add(row("webhook: GitLab iid as a string -> 400",
        delivering("gitlab", () -> {
          String body = new String(pullRequest(GitProvider.gitlab, "open", 312).body(), StandardCharsets.UTF_8)
              .replace("\"iid\": 312", "\"iid\": \"312; drop\"");
          return Deliveries.signed(GitProvider.gitlab, SECRET, body.getBytes(StandardCharsets.UTF_8), "Merge Request Hook", id());
        }),
        answers(400)));
    rows.add(row("webhook: pull_request that is a string, not an object -> 400",
        delivering("github", () -> signed(GitProvider.github, "{\"action\":\"opened\",\"number\":313,\"pull_request\":\"opened\"}")),
        answers(400)));
    rows.add(row("webhook: pull_request missing -> 400",
        delivering("github", () -> signed(GitProvider.github, "{\"action\":\"opened\",\"number\":314}")),
        answers(400)));
    rows.add(row("webhook: GitLab object_attributes missing -> 400",
        delivering("gitlab", () -> Deliveries.signed(GitProvider.gitlab, SECRET,
            "{\"object_kind\":\"merge_request\"}".getBytes(StandardCharsets.UTF_8), "Merge Request Hook", id())),
        answers(400)));
    rows.add(row("webhook: JSON array instead of an object -> 400",
        delivering("github", () -> signed(GitProvider.github, "[{\"action\":\"opened\"}]")),
        answers(400)));
    rows.add(row("webhook: binary garbage, correctly signed -> 400",
        delivering("github", () -> {
          byte[] garbage = new byte[4096];
          new java.util.Random(9).nextBytes(garbage);
          return signed(GitProvider.github, garbage);
        }),
        answers(400)));
    rows.add(row("webhook: JSON nested 100,000 levels deep -> 400, no stack overflow",
        delivering("github", () -> signed(GitProvider.github, "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}")),
        answers(400)));
    rows.add(row("webhook: unknown action -> 202 ignored",
        delivering("github", () -> pullRequest(GitProvider.github, "frobnicated", 315)),
        answers(202, () -> assertNull(get(Environment.class, HOME, "github-pr-315")))));
    rows.add(row("webhook: action of the wrong type (a number) -> 202 ignored",
        delivering("github", () -> {
          String body = new String(pullRequest(GitProvider.github, "opened", 316).body(), StandardCharsets.UTF_8)
              .replace("\"action\": \"opened\"", "\"action\": 42");
          return Deliveries.signed(GitProvider.github, SECRET, body.getBytes(StandardCharsets.UTF_8), "pull_request", id());
        }),
        answers(202)));
    rows.add(row("webhook: head SHA that is not a commit -> 202 ignored",
        delivering("github", () -> Deliveries.pullRequest(GitProvider.github, SECRET, "opened", 317, "$(reboot)",
            "2026-11-21T10:00:00Z", false, false)),
        answers(202, () -> assertNull(get(Environment.class, HOME, "github-pr-317")))));
    rows.add(row("webhook: branch of 300 characters -> 200, applied without the branch (the schema holds 255)",
        delivering("github", () -> {
          String body = new String(pullRequest(GitProvider.github, "opened", 318).body(), StandardCharsets.UTF_8)
              .replace("\"ref\": \"feature/cart\"", "\"ref\": \"feature/" + "b".repeat(292) + "\"");
          return Deliveries.signed(GitProvider.github, SECRET, body.getBytes(StandardCharsets.UTF_8), "pull_request", id());
        }),
        answers(200, () -> {
          Environment env = get(Environment.class, HOME, "github-pr-318");
          assertEquals(318L, env.getSpec().pullRequest.number);
          assertNull(env.getSpec().pullRequest.branch);
        })));
    rows.add(row("webhook: missing delivery id -> 400",
        delivering("github", () -> {
          Delivery good = pullRequest(GitProvider.github, "opened", 319);
          Map<String, String> headers = new LinkedHashMap<>(good.headers());
          headers.remove("X-GitHub-Delivery");
          return new Delivery(good.body(), headers);
        }),
        answers(400)));
    rows.add(row("webhook: delivery id of 201 characters -> 400",
        delivering("github", () -> {
          Delivery good = pullRequest(GitProvider.github, "opened", 320);
          Map<String, String> headers = new LinkedHashMap<>(good.headers());
          headers.put("X-GitHub-Delivery", "d".repeat(201));
          return new Delivery(good.body(), headers);
        }),
        answers(400)));
    // Unknown organization, unknown project and a malformed path answer what a wrong signature does (no oracle).
    rows.add(row("webhook: unknown organization -> 401",
        delivering(List.of(new Route("nobody-" + SFX, "github")), () -> pullRequest(GitProvider.github, "opened", 321)),
        answers(401)));
    rows.add(row("webhook: unknown project -> 401",
        delivering(List.of(new Route(ORG, "nothing")), () -> pullRequest(GitProvider.github, "opened", 322)),
        answers(401)));
    rows.add(row("webhook: path with extra segments and an escaped unicode organization -> 401",
        delivering(List.of(new Route(ORG, "github/extra"), new Route("%C3%A4cme", "github")),
            () -> pullRequest(GitProvider.github, "opened", 323)),
        answers(401)));
    rows.add(row("webhook: GET instead of POST -> 405",
        requesting(() -> new Request.Builder().url(operator.webhookUrl(ORG, "github")).get().build()),
        answers(405)));
    return rows;
  }

  // ---- the vocabulary of the catalogue ------------------------------------------------------

  /** A row: its name, what it sets up first (mostly nothing), its input and the outcome it must have. */
  private record Row(String name, Executable given, Input input, Outcome expected) {}

  /** Who sends an input to the API server. */
  private enum As { ADMIN, DEVELOPER, SUPPORT, OWNER }

  /** What a row sends. */
  private sealed interface Input permits Create, Patch, Delete, Deliver, Raw {}

  /** Objects created in this order (a document as written: parsed into a generic object, not the typed model). */
  private record Create(As as, List<Supplier<? extends HasMetadata>> objects) implements Input {}

  /** A JSON merge patch of one object. */
  private record Patch(As as, Class<? extends HasMetadata> type, String namespace, String name, String json)
      implements Input {}

  /** Objects deleted by the admin. */
  private record Delete(Class<? extends HasMetadata> type, String namespace, List<String> names) implements Input {}

  /** A webhook delivery POSTed to the operator at each route in turn, made afresh for each. */
  private record Deliver(List<Route> routes, Supplier<Delivery> delivery) implements Input {}

  /** The webhook path {@code /webhooks/<organization>/<project>}. */
  private record Route(String organization, String project) {}

  /** An HTTP request to the operator sent as it is (no body checks: a chunked body, a GET). */
  private record Raw(Supplier<Request> request) implements Input {}

  /** The outcome a row must have; each kind has its runner. */
  private sealed interface Outcome permits ApiRefusal, StatusCondition, Deleted, HttpStatus {}

  /** The API server refuses with this code and, when given, a message holding this fragment (naming the field). */
  private record ApiRefusal(int code, String fragment) implements Outcome {}

  /** The object's Ready condition reaches this status and reason for its current generation; then the checks. */
  private record StatusCondition<T extends CustomResource<?, ? extends ResourceStatus>>(Class<T> type, String namespace,
      String name, String status, String reason, ThrowingConsumer<T> then) implements Outcome {}

  /** The objects are gone (the operator deleted them, or the input did); then the checks. */
  private record Deleted(Class<? extends CustomResource<?, ?>> type, String namespace, List<String> names,
      Executable then) implements Outcome {}

  /** The webhook answers each request with this HTTP status; then the checks. */
  private record HttpStatus(int code, Executable then) implements Outcome {}

  private static Row row(String name, Input input, Outcome expected) {
    return new Row(name, () -> { }, input, expected);
  }

  private static Row row(String name, Executable given, Input input, Outcome expected) {
    return new Row(name, given, input, expected);
  }

  /** Each document created in turn. */
  private static Create creating(As as, String... yamlOrJson) {
    return new Create(as, Stream.of(yamlOrJson).<Supplier<? extends HasMetadata>>map(d -> () -> generic(d)).toList());
  }

  private static Create creatingObject(As as, Supplier<? extends HasMetadata> object) {
    return new Create(as, List.of(object));
  }

  private static Patch patching(As as, Class<? extends HasMetadata> type, String namespace, String name, String json) {
    return new Patch(as, type, namespace, name, json);
  }

  private static Delete deleting(Class<? extends HasMetadata> type, String namespace, String... names) {
    return new Delete(type, namespace, List.of(names));
  }

  /** To {@code project} of the organization that takes the catalogue. */
  private static Deliver delivering(String project, Supplier<Delivery> delivery) {
    return delivering(List.of(new Route(ORG, project)), delivery);
  }

  private static Deliver delivering(List<Route> routes, Supplier<Delivery> delivery) {
    return new Deliver(routes, delivery);
  }

  private static Raw requesting(Supplier<Request> request) {
    return new Raw(request);
  }

  private static ApiRefusal refused(int code, String fragment) {
    return new ApiRefusal(code, fragment);
  }

  /** Refused with this code, whatever the message. */
  private static ApiRefusal refused(int code) {
    return new ApiRefusal(code, null);
  }

  private static <T extends CustomResource<?, ? extends ResourceStatus>> StatusCondition<T> condition(Class<T> type,
      String namespace, String name, String status, String reason) {
    return condition(type, namespace, name, status, reason, resource -> { });
  }

  private static <T extends CustomResource<?, ? extends ResourceStatus>> StatusCondition<T> condition(Class<T> type,
      String namespace, String name, String status, String reason, ThrowingConsumer<T> then) {
    return new StatusCondition<>(type, namespace, name, status, reason, then);
  }

  private static Deleted deleted(Class<? extends CustomResource<?, ?>> type, String namespace, List<String> names,
      Executable then) {
    return new Deleted(type, namespace, names, then);
  }

  private static HttpStatus answers(int code) {
    return answers(code, () -> { });
  }

  private static HttpStatus answers(int code, Executable then) {
    return new HttpStatus(code, then);
  }

  // ---- the runners ----------------------------------------------------------------------------

  private static void run(Row row) throws Throwable {
    row.given().execute();
    Outcome expected = row.expected();
    if (expected instanceof ApiRefusal refusal) {
      expectRefusal(row.input(), refusal);
    } else if (expected instanceof StatusCondition<?> condition) {
      expectCondition(row.input(), condition);
    } else if (expected instanceof Deleted deleted) {
      expectDeleted(row.input(), deleted);
    } else if (expected instanceof HttpStatus status) {
      expectHttpStatus(row.input(), status);
    } else {
      throw new IllegalStateException("no runner for " + expected);
    }
  }

  /** The API server refuses the input: status code, and the fragment in its message. */
  private static void expectRefusal(Input input, ApiRefusal expected) {
    KubernetesClientException e = assertThrows(KubernetesClientException.class, () -> send(input));
    assertEquals(expected.code(), e.getCode(), e.getMessage());
    if (expected.fragment() != null) {
      assertTrue(e.getMessage().contains(expected.fragment()),
          "expected \"" + expected.fragment() + "\" in: " + e.getMessage());
    }
  }

  /** The API server takes the input, and the object's Ready condition reaches the status and reason. */
  private static <T extends CustomResource<?, ? extends ResourceStatus>> void expectCondition(Input input,
      StatusCondition<T> expected) throws Throwable {
    send(input);
    T resource = awaitCondition(expected.type(), expected.namespace(), expected.name(), expected.status(),
        expected.reason());
    expected.then().accept(resource);
  }

  /** The API server takes the input, and the objects are gone. */
  private static void expectDeleted(Input input, Deleted expected) throws Throwable {
    send(input);
    Poll.until(CONVERGE, expected.names() + " deleted", () -> expected.names().stream()
        .allMatch(name -> get(expected.type(), expected.namespace(), name) == null));
    expected.then().execute();
  }

  /** The webhook answers each request with the HTTP status. */
  private static void expectHttpStatus(Input input, HttpStatus expected) throws Throwable {
    if (input instanceof Deliver deliver) {
      for (Route route : deliver.routes()) {
        assertEquals(expected.code(), post(operator.webhookUrl(route.organization(), route.project()),
            deliver.delivery().get()));
      }
    } else if (input instanceof Raw raw) {
      try (Response response = HTTP.newCall(raw.request().get()).execute()) {
        assertEquals(expected.code(), response.code());
      }
    } else {
      throw new IllegalStateException(input + " is no HTTP request");
    }
    expected.then().execute();
  }

  /** Sends an input to the API server. */
  private static void send(Input input) {
    if (input instanceof Create create) {
      KubernetesClient client = client(create.as());
      for (Supplier<? extends HasMetadata> object : create.objects()) {
        client.resource(object.get()).create();
      }
    } else if (input instanceof Patch patch) {
      var resources = client(patch.as()).resources(patch.type());
      (patch.namespace() == null ? resources.withName(patch.name())
          : resources.inNamespace(patch.namespace()).withName(patch.name()))
          .patch(PatchContext.of(PatchType.JSON_MERGE), patch.json());
    } else if (input instanceof Delete delete) {
      for (String name : delete.names()) {
        admin.resources(delete.type()).inNamespace(delete.namespace()).withName(name).delete();
      }
    } else {
      throw new IllegalStateException(input + " is not for the API server");
    }
  }

  private static KubernetesClient client(As as) {
    return switch (as) {
      case ADMIN -> admin;
      case DEVELOPER -> dev;
      case SUPPORT -> support;
      case OWNER -> owner;
    };
  }

  // ---- after the catalogue ------------------------------------------------------------------

  @Test
  @Order(2)
  void afterTheCatalogueTheOperatorIsUpLeaksNoSecretAndEveryoneElseConverges() {
    assertTrue(operator.isAlive(), "the operator process survived the catalogue");
    assertEquals(200, operator.get("/healthz"));
    Poll.until(CONVERGE, "operator ready", () -> operator.get("/readyz") == 200);

    // Organizations made before the catalogue keep converging, and one made after it converges.
    create(admin, environment(Organization.homeNamespace(BEFORE), "after-catalogue", "{project: web, image: \"registry.example/web:2\"}"));
    awaitCondition(Environment.class, Organization.homeNamespace(BEFORE), "after-catalogue", Condition.TRUE, "Deployed");
    awaitCondition(Environment.class, Organization.homeNamespace(BEFORE), "web", Condition.TRUE, "Deployed");
    awaitCondition(Organization.class, null, BEFORE, Condition.TRUE, "Reconciled");
    controlOrganization(AFTER);
    awaitCondition(Environment.class, Organization.homeNamespace(AFTER), "web", Condition.TRUE, "Deployed");
    awaitCondition(Organization.class, null, AFTER, Condition.TRUE, "Reconciled");
    // So does the organization that took the catalogue.
    create(admin, environment(HOME, "after-catalogue", "{project: shop, pullRequest: {number: 4242, headSha: abcdef1}}"));
    awaitCondition(Environment.class, HOME, "after-catalogue", Condition.TRUE, "Deployed");
    awaitCondition(Organization.class, null, ORG, Condition.TRUE, "Reconciled");

    // No secret in the log: webhook secret, a user's basic-auth password, generated passwords, API key tokens.
    List<String> secrets = new ArrayList<>(List.of(SECRET, OWN_PASSWORD, RIVAL_VALUE));
    for (Secret secret : admin.secrets().inNamespace(HOME).list().getItems()) {
      if (secret.getData() == null) {
        continue;
      }
      for (String key : List.of("password", "token")) {
        if (secret.getData().containsKey(key) && !secret.getMetadata().getName().equals("own-auth")) {
          secrets.add(new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8));
        }
      }
    }
    assertTrue(secrets.size() >= 4, "generated passwords and a token were found: " + secrets.size());
    String log = operator.log();
    for (String secret : secrets) {
      assertFalse(log.contains(secret), "the operator log contains a secret (" + secret.length() + " characters)");
    }
    // No programming error surfaced while handling the catalogue.
    for (String unexpected : List.of("NullPointerException", "ClassCastException", "IllegalArgumentException",
        "DateTimeParseException", "DateTimeException", "ArithmeticException", "IndexOutOfBoundsException",
        "NumberFormatException", "StackOverflowError", "OutOfMemoryError")) {
      assertFalse(log.contains(unexpected), "the operator log shows " + unexpected);
    }
    assertTrue(operator.isAlive());
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** An organization with a project and an environment that must converge whatever else happens. */
  private static void controlOrganization(String name) {
    TestOrganization organization = TestOrganization.named(name).owner().domain().create(admin).awaitHome(CONVERGE);
    TestProject.named("web").in(organization.home()).repository(GitProvider.github, "https://github.com/" + name + "/web")
        .previewDomain("web." + name + ".example").previewBasicAuth().create(admin);
    create(admin, environment(organization.home(), "web", "{project: web, image: \"registry.example/web:1\"}"));
  }

  /** An Organization as written, with {@code spec} in YAML flow style (null: none). */
  private static String organization(String name, String spec) {
    return """
        apiVersion: orgspace.io/v1alpha1
        kind: Organization
        metadata: {name: %s}
        """.formatted(name) + (spec == null ? "" : "spec: " + spec + "\n");
  }

  private static String project(String namespace, String name, String spec) {
    return """
        apiVersion: orgspace.io/v1alpha1
        kind: Project
        metadata: {name: %s, namespace: %s}
        spec: %s
        """.formatted(name, namespace, spec);
  }

  private static String membership(String namespace, String name, String user, String role) {
    return """
        apiVersion: orgspace.io/v1alpha1
        kind: Membership
        metadata: {name: %s, namespace: %s}
        spec: {user: "%s", role: %s}
        """.formatted(name, namespace, user, role);
  }

  private static String environment(String namespace, String name, String spec) {
    return """
        apiVersion: orgspace.io/v1alpha1
        kind: Environment
        metadata: {name: "%s", namespace: %s}
        spec: %s
        """.formatted(name, namespace, spec);
  }

  private static String apiKey(String name, String spec) {
    return """
        apiVersion: orgspace.io/v1alpha1
        kind: ApiKey
        metadata: {name: %s, namespace: %s}
        spec: %s
        """.formatted(name, HOME, spec);
  }

  private static String bareProject(String name) {
    return project(HOME, name, "{repository: {provider: github, url: \"https://github.com/a/" + name + "\"}}");
  }

  /** A bare project with more of its spec, in YAML flow style (e.g. {@code files: {a: b}}). */
  private static String bareProject(String name, String more) {
    return project(HOME, name, "{repository: {provider: github, url: \"https://github.com/a/" + name + "\"}, " + more + "}");
  }

  private static Map<String, String> texts(String prefix, int count, int length) {
    Map<String, String> texts = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      texts.put(prefix + i, Character.toString('a' + i).repeat(length));
    }
    return texts;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource resource) {
    return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
  }

  private static GenericKubernetesResource generic(String yamlOrJson) {
    return ControlPlane.load(GenericKubernetesResource.class, yamlOrJson);
  }

  /** Creates the object as it is written, without the typed model's client-side shaping. */
  private static void create(KubernetesClient client, String yamlOrJson) {
    client.resource(generic(yamlOrJson)).create();
  }

  private static boolean canListMemberships(KubernetesClient client) {
    try {
      client.resources(Membership.class).inNamespace(HOME).list();
      return true;
    } catch (KubernetesClientException e) {
      assertEquals(403, e.getCode(), e.getMessage());
      return false;
    }
  }

  private static <T extends CustomResource<?, ?>> T get(Class<T> type, String namespace, String name) {
    return namespace == null ? admin.resources(type).withName(name).get()
        : admin.resources(type).inNamespace(namespace).withName(name).get();
  }

  /** Waits for the Ready condition with this status and reason, for the object's current generation. */
  private static <T extends CustomResource<?, ? extends ResourceStatus>> T awaitCondition(Class<T> type, String namespace,
      String name, String status, String reason) {
    long deadline = System.nanoTime() + CONVERGE.toNanos();
    String last = "absent";
    while (System.nanoTime() < deadline) {
      T resource = get(type, namespace, name);
      Condition ready = resource == null || resource.getStatus() == null ? null
          : Conditions.find(resource.getStatus().conditions, Condition.READY);
      if (ready != null) {
        last = ready.status + " " + ready.reason + ": " + ready.message;
        if (status.equals(ready.status) && reason.equals(ready.reason)
            && resource.getMetadata().getGeneration().equals(ready.observedGeneration)) {
          return resource;
        }
      } else if (resource != null) {
        last = "no Ready condition yet";
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError(type.getSimpleName() + " " + namespace + "/" + name + " never became Ready="
        + status + " " + reason + " within " + CONVERGE + "; last: " + last);
  }

  private static String image(String namespace) {
    Deployment app = admin.apps().deployments().inNamespace(namespace).withName("app").get();
    assertNotNull(app, "deployment app in " + namespace);
    return app.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }

  private static String id() {
    return UUID.randomUUID().toString();
  }

  private static Delivery pullRequest(GitProvider provider, String action, long number) {
    return Deliveries.pullRequest(provider, SECRET, action, number, "abcdef" + (number % 10), "2026-11-21T10:00:00Z",
        false, false);
  }

  private static Delivery signed(GitProvider provider, String body) {
    return signed(provider, body.getBytes(StandardCharsets.UTF_8));
  }

  private static Delivery signed(GitProvider provider, byte[] body) {
    return Deliveries.signed(provider, SECRET, body, provider == GitProvider.gitlab ? "Merge Request Hook" : "pull_request", id());
  }

  /** A delivery signed the way {@code from} signs, with the event header {@code to} expects. */
  private static Delivery retitled(Delivery delivery, GitProvider to) {
    Map<String, String> headers = new LinkedHashMap<>(delivery.headers());
    if (to == GitProvider.github) {
      headers.put("X-GitHub-Event", "pull_request");
      headers.put("X-GitHub-Delivery", id());
    }
    return new Delivery(delivery.body(), headers);
  }

  private static int webhook(String project, Delivery delivery) {
    return post(operator.webhookUrl(ORG, project), delivery);
  }

  private static int post(String url, Delivery delivery) {
    Request.Builder request = new Request.Builder().url(url)
        .post(RequestBody.create(delivery.body(), MediaType.parse("application/json")));
    delivery.headers().forEach(request::header);
    try (Response response = HTTP.newCall(request.build()).execute()) {
      String body = response.body() == null ? "" : response.body().string();
      assertFalse(body.contains(SECRET), "a response never carries the secret");
      assertTrue(body.length() < 1000, "a response is a short result, never the payload: " + body.length());
      return response.code();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
