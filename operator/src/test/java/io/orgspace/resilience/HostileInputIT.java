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
import io.orgspace.api.ApiKey;
import io.orgspace.api.Condition;
import io.orgspace.common.Conditions;
import io.orgspace.api.Labels;
import io.orgspace.api.ResourceStatus;
import io.orgspace.api.Environment;
import io.orgspace.api.Membership;
import io.orgspace.api.Organization;
import io.orgspace.api.GitProvider;
import io.orgspace.api.Project;
import io.orgspace.testing.ControlPlane;
import io.orgspace.testing.OperatorProcess;
import io.orgspace.testing.Poll;
import io.orgspace.testing.TestOrganization;
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

/**
 * A catalogue of malformed and hostile objects and requests, one named row each, against the real
 * API server and the operator running as its own process. Every row asserts its clear outcome: the
 * API server's refusal (status code and a message naming the field), a status condition with a
 * specific reason, or the webhook's precise HTTP status. After the catalogue the operator is still
 * up, its log holds no secret, and organizations created before and after it converge.
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
  private static final List<Row> ROWS = new ArrayList<>();

  private record Row(String name, Executable check) {}

  @BeforeAll
  static void setUp() {
    admin = ControlPlane.admin();
    operator = OperatorProcess.start("hostile-input-it").awaitReady(CONVERGE);
    dev = ControlPlane.as(DEV);
    support = ControlPlane.as(SUPPORT);
    owner = ControlPlane.as(OWNER);

    controlOrganization(BEFORE);
    create(admin, """
        apiVersion: orgspace.io/v1alpha1
        kind: Organization
        metadata: {name: %s}
        spec: {owners: [{kind: User, name: "%s"}], domains: [%s]}
        """.formatted(ORG, OWNER, DOMAIN));
    // Created after ORG: the domain it shares with ORG is ORG's.
    create(admin, """
        apiVersion: orgspace.io/v1alpha1
        kind: Organization
        metadata: {name: %1$s}
        spec: {owners: [{kind: User, name: "owner@%1$s.example"}], domains: [%1$s.example, claimed.%2$s]}
        """.formatted(RIVAL, DOMAIN));
    Poll.until(CONVERGE, "home namespaces", () -> admin.namespaces().withName(HOME).get() != null
        && admin.namespaces().withName(RIVAL_HOME).get() != null);
    for (String ns : List.of(LOOSE, GHOST_HOME)) {
      admin.resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
    }
    create(admin, membership(HOME, "dev", DEV, "Developer"));
    create(admin, membership(HOME, "support", SUPPORT, "Support"));
    admin.resource(new SecretBuilder().withNewMetadata().withName("hook").withNamespace(HOME).endMetadata()
        .addToStringData("secret", SECRET).build()).create();
    admin.resource(new SecretBuilder().withNewMetadata().withName("own-auth").withNamespace(HOME).endMetadata()
        .addToStringData("username", "reviewer").addToStringData("password", OWN_PASSWORD).build()).create();
    create(admin, """
        apiVersion: orgspace.io/v1alpha1
        kind: Project
        metadata: {name: shop, namespace: %s}
        spec:
          repository: {provider: github, url: "https://github.com/%s/shop"}
          previews: {domain: shop.%s, image: "registry.example/shop:{{sha}}", basicAuth: true}
          variables: {LOG_LEVEL: info}
        """.formatted(HOME, ORG, DOMAIN));
    create(admin, """
        apiVersion: orgspace.io/v1alpha1
        kind: Project
        metadata: {name: tpl, namespace: %s}
        spec:
          repository: {provider: github, url: "https://github.com/%s/tpl"}
          previews: {image: "registry.example/tpl:{{branch}}-{{pr}}"}
        """.formatted(HOME, ORG));
    for (GitProvider provider : List.of(GitProvider.github, GitProvider.gitlab, GitProvider.gitea)) {
      create(admin, """
          apiVersion: orgspace.io/v1alpha1
          kind: Project
          metadata: {name: %1$s, namespace: %2$s}
          spec:
            repository: {provider: %1$s, url: "https://%1$s.example/acme/shop", webhookSecretRef: {name: hook, key: secret}}
            previews: {domain: %1$s.%3$s, image: "registry.example/%1$s:{{sha}}"}
          """.formatted(provider.name(), HOME, DOMAIN));
    }
    create(admin, """
        apiVersion: orgspace.io/v1alpha1
        kind: Project
        metadata: {name: bare, namespace: %s}
        spec: {repository: {provider: github, url: "https://github.com/%s/bare"}}
        """.formatted(HOME, ORG));
    create(admin, """
        apiVersion: orgspace.io/v1alpha1
        kind: Project
        metadata: {name: shop, namespace: %s}
        spec:
          repository: {provider: github, url: "https://github.com/%s/shop"}
          previews: {domain: claimed.%s, image: "registry.example/shop:{{sha}}"}
        """.formatted(RIVAL_HOME, RIVAL, DOMAIN));

    awaitCondition(Organization.class, null, ORG, Condition.TRUE, "Reconciled");
    awaitCondition(Membership.class, HOME, "dev", Condition.TRUE, "Bound");
    awaitCondition(Membership.class, HOME, "support", Condition.TRUE, "Bound");
    awaitCondition(Environment.class, Organization.homeNamespace(BEFORE), "web", Condition.TRUE, "Deployed");
    Poll.until(CONVERGE, "projects known to the webhook", () -> webhook("github",
        Deliveries.signed(GitProvider.github, SECRET, "{}".getBytes(StandardCharsets.UTF_8), "ping", id())) == 202);
  }

  @AfterAll
  static void tearDown() throws InterruptedException {
    try {
      for (String ns : List.of(LOOSE, GHOST_HOME)) {
        admin.resources(Environment.class).inNamespace(ns).delete();
        admin.resources(Membership.class).inNamespace(ns).delete();
        Poll.until(CONVERGE, "environments of " + ns + " gone",
            () -> admin.resources(Environment.class).inNamespace(ns).list().getItems().isEmpty());
        admin.namespaces().withName(ns).delete();
      }
      for (String ns : List.of(ORG + "-shop-taken", ORG + "-shop-labelled")) {
        admin.namespaces().withName(ns).delete();
      }
      TestOrganization.deleteAndAwait(admin, SFX, Duration.ofMinutes(3), ORG, RIVAL, LONG, BEFORE, AFTER, ORG + "-shop");
    } finally {
      operator.close();
    }
  }

  // ---- the catalogue ------------------------------------------------------------------------

  @TestFactory
  @Order(1)
  Stream<DynamicTest> catalogue() {
    organizations();
    memberships();
    escalation();
    projects();
    environments();
    apiKeys();
    webhooks();
    assertTrue(ROWS.size() >= 40, "the catalogue has " + ROWS.size() + " rows");
    System.out.printf("hostile input: %d rows%n", ROWS.size());
    return ROWS.stream().map(row -> DynamicTest.dynamicTest(row.name(), row.check()));
  }

  private static void row(String name, Executable check) {
    ROWS.add(new Row(name, check));
  }

  private static void organizations() {
    row("organization: name of 59 characters, unicode display name -> Ready, home namespace of exactly 63", () -> {
      create(admin, """
          apiVersion: orgspace.io/v1alpha1
          kind: Organization
          metadata: {name: %s}
          spec: {displayName: "株式会社 Ünïcødé 🚀", owners: [{kind: User, name: "owner@long.example"}]}
          """.formatted(LONG));
      Organization org = awaitCondition(Organization.class, null, LONG, Condition.TRUE, "Reconciled");
      assertEquals(63, org.getStatus().namespace.length());
      assertNotNull(admin.namespaces().withName(org.getStatus().namespace).get());
    });
    row("organization: name of 60 characters -> 422, its home namespace would not fit 63", () -> refused(422,
        "organization name must be at most 59 characters", admin, """
            apiVersion: orgspace.io/v1alpha1
            kind: Organization
            metadata: {name: %s}
            """.formatted(LONG + "y")));
    row("organization: upper-case name -> 422 on metadata.name", () -> refused(422, "metadata.name: Invalid value",
        admin, """
            apiVersion: orgspace.io/v1alpha1
            kind: Organization
            metadata: {name: Acme-%s}
            """.formatted(SFX)));
    row("organization: dotted name (a DNS subdomain, not a label) -> 422", () -> refused(422,
        "organization name must be a DNS label", admin, """
            apiVersion: orgspace.io/v1alpha1
            kind: Organization
            metadata: {name: acme.%s}
            """.formatted(SFX)));
    row("organization: owner name with a control character -> 422 on spec.owners[0]", () -> refused(422,
        "spec.owners[0]: Invalid value: user and group names must not contain control characters", admin, """
            {"apiVersion": "orgspace.io/v1alpha1", "kind": "Organization", "metadata": {"name": "ctl-%s"},
             "spec": {"owners": [{"kind": "Group", "name": "admins\\u0000\\nroot"}]}}
            """.formatted(SFX)));
    row("organization: User owner that is not e-mail-like -> 422", () -> refused(422,
        "a User owner must be an e-mail-like user name", admin, """
            apiVersion: orgspace.io/v1alpha1
            kind: Organization
            metadata: {name: root-%s}
            spec: {owners: [{kind: User, name: root}]}
            """.formatted(SFX)));
    row("organization: owner system:serviceaccount:kube-system:default -> 422", () -> refused(422,
        "system: users and groups are reserved", admin, """
            apiVersion: orgspace.io/v1alpha1
            kind: Organization
            metadata: {name: sa-%s}
            spec: {owners: [{kind: User, name: "system:serviceaccount:kube-system:default"}]}
            """.formatted(SFX)));
    row("organization: SSO mapping of system:masters -> 422", () -> refused(422,
        "system: groups are reserved by Kubernetes", admin, """
            apiVersion: orgspace.io/v1alpha1
            kind: Organization
            metadata: {name: masters-%s}
            spec: {sso: {groupMappings: [{group: "system:masters", role: Owner}]}}
            """.formatted(SFX)));
    row("organization: internationalized domain not in punycode -> 422 on spec.domains[0]", () -> refused(422,
        "spec.domains[0]: Invalid value", admin, """
            apiVersion: orgspace.io/v1alpha1
            kind: Organization
            metadata: {name: idn-%s}
            spec: {domains: ["bücher.example"]}
            """.formatted(SFX)));
    row("organization: wildcard domain -> 422 on spec.domains[0]", () -> refused(422,
        "spec.domains[0]: Invalid value", admin, """
            apiVersion: orgspace.io/v1alpha1
            kind: Organization
            metadata: {name: wild-%s}
            spec: {domains: ["*.example"]}
            """.formatted(SFX)));
    row("organization: default quota that is not a quantity -> 422 on spec.defaults.quota", () -> refused(422,
        "spec.defaults.quota: Invalid value: quota values must be quantities", admin, """
            apiVersion: orgspace.io/v1alpha1
            kind: Organization
            metadata: {name: quota-%s}
            spec: {defaults: {quota: {pods: lots}}}
            """.formatted(SFX)));
    row("organization: display name with a terminal escape sequence -> 422 on spec.displayName", () -> refused(422,
        "spec.displayName: Invalid value", admin, """
            {"apiVersion": "orgspace.io/v1alpha1", "kind": "Organization", "metadata": {"name": "esc-%s"},
             "spec": {"displayName": "Acme\\u001b]0;pwned\\u0007\\u001b[2J"}}
            """.formatted(SFX)));
    row("organization: 3.5 MB object -> 413 from the API server, before any storage", () -> {
      Map<String, Object> spec = Map.of("displayName", "x".repeat(3_500_000));
      GenericKubernetesResource org = generic("""
          apiVersion: orgspace.io/v1alpha1
          kind: Organization
          metadata: {name: huge-%s}
          """.formatted(SFX));
      org.setAdditionalProperty("spec", spec);
      KubernetesClientException e = assertThrows(KubernetesClientException.class, () -> admin.resource(org).create());
      assertEquals(413, e.getCode(), e.getMessage());
    });
  }

  private static void memberships() {
    row("membership: user system:serviceaccount:kube-system:default -> 422 on spec.user", () -> refused(422,
        "spec.user: Invalid value", admin, membership(HOME, "sa", "system:serviceaccount:kube-system:default", "Owner")));
    row("membership: user system:admin@cluster.local -> 422, system: users are reserved", () -> refused(422,
        "system: users are reserved", admin, membership(HOME, "sysadmin", "system:admin@cluster.local", "Owner")));
    row("membership: user with unicode -> 422 on spec.user", () -> refused(422, "spec.user: Invalid value",
        admin, membership(HOME, "unicode", "bób@" + DOMAIN, "Developer")));
    row("membership: user with a line break -> 422 on spec.user", () -> refused(422, "spec.user: Invalid value",
        admin, """
            {"apiVersion": "orgspace.io/v1alpha1", "kind": "Membership", "metadata": {"name": "newline", "namespace": "%s"},
             "spec": {"user": "eve@%s\\nbob@%s", "role": "Developer"}}
            """.formatted(HOME, DOMAIN, DOMAIN)));
    row("membership: user of 260 characters -> 422, spec.user too long", () -> refused(422, "spec.user: Too long",
        admin, membership(HOME, "long-user", "a".repeat(240) + "@" + DOMAIN, "Developer")));
    row("membership: SSH key with an injected line -> 422 on spec.sshPublicKeys[0]", () -> refused(422,
        "spec.sshPublicKeys[0]", admin, """
            {"apiVersion": "orgspace.io/v1alpha1", "kind": "Membership", "metadata": {"name": "sshinject", "namespace": "%s"},
             "spec": {"user": "ssh@%s", "role": "Developer",
                      "sshPublicKeys": ["ssh-ed25519 AAAAC3Nz\\ncommand=\\"sh\\" ssh-ed25519 AAAA"]}}
            """.formatted(HOME, DOMAIN)));
    row("membership: a second Membership for the same user -> Ready=False DuplicateUser", () -> {
      create(admin, membership(HOME, "dev-again", DEV, "Owner"));
      awaitCondition(Membership.class, HOME, "dev-again", Condition.FALSE, "DuplicateUser");
      assertFalse(canListMemberships(dev), "the duplicate grants nothing: the developer still cannot manage members");
    });
    row("membership: in a namespace that is no organization's home -> Ready=False OrganizationNotFound", () -> {
      create(admin, membership(LOOSE, "stray", "stray@" + DOMAIN, "Owner"));
      awaitCondition(Membership.class, LOOSE, "stray", Condition.FALSE, "OrganizationNotFound");
    });
  }

  private static void escalation() {
    row("escalation: a Developer creates an Owner Membership for themself -> 403", () -> refused(403,
        "memberships", dev, membership(HOME, "dev-owner", DEV, "Owner")));
    row("escalation: a Developer raises their own Membership to Owner -> 403", () -> {
      KubernetesClientException e = assertThrows(KubernetesClientException.class, () -> dev.resources(Membership.class)
          .inNamespace(HOME).withName("dev").patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"role\":\"Owner\"}}"));
      assertEquals(403, e.getCode(), e.getMessage());
    });
    row("escalation: a Developer creates an Owner-scoped ApiKey -> 403", () -> refused(403, "apikeys", dev, """
        apiVersion: orgspace.io/v1alpha1
        kind: ApiKey
        metadata: {name: mine, namespace: %s}
        spec: {scope: Owner}
        """.formatted(HOME)));
    row("escalation: a Developer binds orgspace-owner to themself with a RoleBinding -> 403", () -> {
      KubernetesClientException e = assertThrows(KubernetesClientException.class, () -> dev.resource(
          new RoleBindingBuilder().withNewMetadata().withName("mine").withNamespace(HOME).endMetadata()
              .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName("orgspace-owner")
              .endRoleRef().addNewSubject().withKind("User").withApiGroup("rbac.authorization.k8s.io").withName(DEV)
              .endSubject().build()).create());
      assertEquals(403, e.getCode(), e.getMessage());
    });
    row("escalation: a Developer adds themself to the Organization's owners -> 403", () -> {
      KubernetesClientException e = assertThrows(KubernetesClientException.class, () -> dev.resources(Organization.class)
          .withName(ORG).patch(PatchContext.of(PatchType.JSON_MERGE),
              "{\"spec\":{\"owners\":[{\"kind\":\"User\",\"name\":\"" + DEV + "\"}]}}"));
      assertEquals(403, e.getCode(), e.getMessage());
    });
    row("escalation: a Support member deploys an image at creation -> 403 from the deploy policy", () -> refused(403,
        "your role may not deploy environments", support, environment(HOME, "support-deploy", "{project: shop, image: \"evil.example/miner:1\"}")));
    row("escalation: a Developer creates an Environment in another organization -> 403", () -> refused(403,
        "environments", dev, environment(RIVAL_HOME, "intruder", "{project: shop, image: \"registry.example/x:1\"}")));
    row("escalation: an Owner creates a Membership in another organization -> 403", () -> refused(403,
        "memberships", owner, membership(RIVAL_HOME, "planted", OWNER, "Owner")));
  }

  private static void projects() {
    row("project: preview domain under a foreign domain -> Ready=False DomainNotOwned", () -> {
      create(admin, """
          apiVersion: orgspace.io/v1alpha1
          kind: Project
          metadata: {name: foreign, namespace: %s}
          spec:
            repository: {provider: github, url: "https://github.com/%s/foreign"}
            previews: {domain: shop.bank.example, image: "registry.example/x:1"}
          """.formatted(HOME, ORG));
      awaitCondition(Project.class, HOME, "foreign", Condition.FALSE, "DomainNotOwned");
    });
    row("project: webhook secret that does not exist -> Ready=False WebhookSecretMissing", () -> {
      create(admin, """
          apiVersion: orgspace.io/v1alpha1
          kind: Project
          metadata: {name: nosecret, namespace: %s}
          spec: {repository: {provider: gitea, url: "https://gitea.example/a/b", webhookSecretRef: {name: missing, key: k}}}
          """.formatted(HOME));
      awaitCondition(Project.class, HOME, "nosecret", Condition.FALSE, "WebhookSecretMissing");
    });
    row("project: dotted name that environments could never name -> 422", () -> refused(422,
        "project name must be a DNS label", admin, """
            apiVersion: orgspace.io/v1alpha1
            kind: Project
            metadata: {name: my.shop, namespace: %s}
            spec: {repository: {provider: github, url: "https://github.com/a/b"}}
            """.formatted(HOME)));
    row("project: repository URL with a javascript: scheme -> 422 on spec.repository.url", () -> refused(422,
        "spec.repository.url", admin, """
            apiVersion: orgspace.io/v1alpha1
            kind: Project
            metadata: {name: jsurl, namespace: %s}
            spec: {repository: {provider: github, url: "javascript:alert(1)//https://github.com"}}
            """.formatted(HOME)));
    row("project: files over 1 MiB in total -> 422 on spec.files (they make one ConfigMap)", () -> {
      GenericKubernetesResource project = generic(bareProject("toobig"));
      spec(project).put("files", texts("f", 5, 250_000));
      refused(422, "spec.files: Invalid value: files must total at most 1 MiB", () -> admin.resource(project).create());
    });
    row("project: at its largest (1 MiB of files, 256 KiB of variables) -> accepted, its environment Ready", () -> {
      GenericKubernetesResource project = generic(bareProject("big"));
      spec(project).put("files", texts("file-", 4, 262_000));
      spec(project).put("variables", texts("V", 8, 32_700));
      admin.resource(project).create();
      create(admin, environment(HOME, "big-env", "{project: big, image: \"registry.example/big:1\"}"));
      Environment env = awaitCondition(Environment.class, HOME, "big-env", Condition.TRUE, "Deployed");
      ConfigMap files = admin.configMaps().inNamespace(env.getStatus().namespace).withName("app-files").get();
      assertEquals(4, files.getData().size());
      Deployment app = admin.apps().deployments().inNamespace(env.getStatus().namespace).withName("app").get();
      assertEquals(8, app.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().size());
    });
  }

  private static void environments() {
    row("environment: host under a foreign domain -> Ready=False DomainNotOwned, no Ingress", () -> {
      create(admin, environment(HOME, "foreign-host", "{project: shop, image: \"registry.example/x:1\", host: www.bank.example}"));
      Environment env = awaitCondition(Environment.class, HOME, "foreign-host", Condition.FALSE, "DomainNotOwned");
      assertNull(admin.network().v1().ingresses().inNamespace(env.getStatus().namespace).withName("app").get());
      assertNull(env.getStatus().url);
    });
    row("environment: host with unicode (not punycode) -> 422 on spec.host", () -> refused(422, "spec.host",
        admin, environment(HOME, "idn-host", "{project: shop, host: \"vorschau.bücher." + DOMAIN + "\"}")));
    row("environment: host with a line break and a header after it -> 422 on spec.host", () -> refused(422,
        "spec.host", admin, """
            {"apiVersion": "orgspace.io/v1alpha1", "kind": "Environment", "metadata": {"name": "crlf-host", "namespace": "%s"},
             "spec": {"project": "shop", "host": "pr-1.shop.%s\\r\\nX-Injected: 1"}}
            """.formatted(HOME, DOMAIN)));
    row("environment: host that merely ends with the organization's domain -> Ready=False DomainNotOwned", () -> {
      create(admin, environment(HOME, "suffix-host", "{project: shop, image: \"registry.example/x:1\", host: evil" + DOMAIN + "}"));
      Environment env = awaitCondition(Environment.class, HOME, "suffix-host", Condition.FALSE, "DomainNotOwned");
      assertNull(admin.network().v1().ingresses().inNamespace(env.getStatus().namespace).withName("app").get());
    });
    row("environment: host under a domain two organizations claim, in the later one -> Ready=False DomainConflict", () -> {
      create(admin, environment(RIVAL_HOME, "shop-pr-1", "{project: shop, pullRequest: {number: 1, headSha: abcdef1}}"));
      Environment env = awaitCondition(Environment.class, RIVAL_HOME, "shop-pr-1", Condition.FALSE, "DomainConflict");
      assertTrue(Conditions.find(env.getStatus().conditions, Condition.READY).message.contains(ORG));
      assertNull(admin.network().v1().ingresses().inNamespace(env.getStatus().namespace).withName("app").get());
    });
    row("environment: two Environments for the same pull request -> the later is Ready=False DuplicatePullRequest", () -> {
      create(admin, environment(HOME, "dup-a", "{project: shop, pullRequest: {number: 7, headSha: aaaaaaa}}"));
      Environment first = awaitCondition(Environment.class, HOME, "dup-a", Condition.TRUE, "Deployed");
      create(admin, environment(HOME, "dup-b", "{project: shop, pullRequest: {number: 7, headSha: bbbbbbb}}"));
      awaitCondition(Environment.class, HOME, "dup-b", Condition.FALSE, "DuplicatePullRequest");
      String ns = first.getStatus().namespace;
      assertEquals("dup-a", admin.namespaces().withName(ns).get().getMetadata().getLabels().get(Labels.ENVIRONMENT));
      assertEquals("registry.example/shop:aaaaaaa", image(ns));
      awaitCondition(Environment.class, HOME, "dup-a", Condition.TRUE, "Deployed");
    });
    row("environment: a named environment whose namespace is a pull request's -> Ready=False NamespaceConflict", () -> {
      create(admin, environment(HOME, "pr-7", "{project: shop, image: \"registry.example/squatter:1\"}"));
      awaitCondition(Environment.class, HOME, "pr-7", Condition.FALSE, "NamespaceConflict");
      assertEquals("registry.example/shop:aaaaaaa", image(ORG + "-shop-pr-7"));
    });
    row("environment: deleting the refused duplicates leaves the original's namespace and workload", () -> {
      admin.resources(Environment.class).inNamespace(HOME).withName("dup-b").delete();
      admin.resources(Environment.class).inNamespace(HOME).withName("pr-7").delete();
      Poll.until(CONVERGE, "duplicates gone", () -> get(Environment.class, HOME, "dup-b") == null
          && get(Environment.class, HOME, "pr-7") == null);
      Namespace ns = admin.namespaces().withName(ORG + "-shop-pr-7").get();
      assertNotNull(ns);
      assertNull(ns.getMetadata().getDeletionTimestamp(), "the original's namespace is not being deleted");
      assertEquals("registry.example/shop:aaaaaaa", image(ORG + "-shop-pr-7"));
      awaitCondition(Environment.class, HOME, "dup-a", Condition.TRUE, "Deployed");
    });
    row("environment: its namespace exists and is no one's (unlabelled) -> Ready=False NamespaceConflict, untouched", () -> {
      String taken = ORG + "-shop-taken";
      admin.resource(new NamespaceBuilder().withNewMetadata().withName(taken).addToLabels("team", "payments")
          .endMetadata().build()).create();
      create(admin, environment(HOME, "taken", "{project: shop, image: \"registry.example/x:1\"}"));
      Environment env = awaitCondition(Environment.class, HOME, "taken", Condition.FALSE, "NamespaceConflict");
      assertNull(env.getStatus().namespace);
      assertEquals(Map.of("team", "payments", "kubernetes.io/metadata.name", taken),
          admin.namespaces().withName(taken).get().getMetadata().getLabels(), "not adopted, not relabelled");
      assertTrue(admin.apps().deployments().inNamespace(taken).list().getItems().isEmpty(), "nothing written into it");
      admin.resources(Environment.class).inNamespace(HOME).withName("taken").delete();
      Poll.until(CONVERGE, "environment taken gone", () -> get(Environment.class, HOME, "taken") == null);
      assertNull(admin.namespaces().withName(taken).get().getMetadata().getDeletionTimestamp(), "and not deleted");
      admin.namespaces().withName(taken).delete();
    });
    row("environment: its namespace is labelled for another organization -> Ready=False NamespaceConflict", () -> {
      String labelled = ORG + "-shop-labelled";
      admin.resource(new NamespaceBuilder().withNewMetadata().withName(labelled)
          .withLabels(Labels.forOrganization(RIVAL)).endMetadata().build()).create();
      create(admin, environment(HOME, "labelled", "{project: shop, image: \"registry.example/x:1\"}"));
      awaitCondition(Environment.class, HOME, "labelled", Condition.FALSE, "NamespaceConflict");
      assertEquals(RIVAL, admin.namespaces().withName(labelled).get().getMetadata().getLabels().get(Labels.ORGANIZATION));
    });
    row("environment: another organization's environment resolves to the same namespace -> the later one is refused", () -> {
      // Organization ORG with project "shop-b" and organization ORG-shop with project "b" both make ORG-shop-b-pr-1.
      String other = ORG + "-shop";
      create(admin, """
          apiVersion: orgspace.io/v1alpha1
          kind: Project
          metadata: {name: shop-b, namespace: %s}
          spec: {repository: {provider: github, url: "https://github.com/a/shop-b"}}
          """.formatted(HOME));
      create(admin, environment(HOME, "shop-b-pr-1", "{project: shop-b, pullRequest: {number: 1}, image: \"registry.example/victim:1\"}"));
      Environment victim = awaitCondition(Environment.class, HOME, "shop-b-pr-1", Condition.TRUE, "Deployed");
      create(admin, """
          apiVersion: orgspace.io/v1alpha1
          kind: Organization
          metadata: {name: %1$s}
          spec: {owners: [{kind: User, name: "mallory@%1$s.example"}]}
          """.formatted(other));
      Poll.until(CONVERGE, "home of " + other, () -> admin.namespaces().withName(Organization.homeNamespace(other)).get() != null);
      create(admin, """
          apiVersion: orgspace.io/v1alpha1
          kind: Project
          metadata: {name: b, namespace: %s}
          spec: {repository: {provider: github, url: "https://github.com/a/b"}}
          """.formatted(Organization.homeNamespace(other)));
      create(admin, environment(Organization.homeNamespace(other), "b-pr-1",
          "{project: b, pullRequest: {number: 1}, image: \"registry.example/intruder:1\"}"));
      awaitCondition(Environment.class, Organization.homeNamespace(other), "b-pr-1", Condition.FALSE, "NamespaceConflict");
      String ns = victim.getStatus().namespace;
      assertEquals(ORG + "-shop-b-pr-1", ns);
      assertEquals(ORG, admin.namespaces().withName(ns).get().getMetadata().getLabels().get(Labels.ORGANIZATION));
      assertEquals("registry.example/victim:1", image(ns));
      awaitCondition(Organization.class, null, other, Condition.TRUE, "Reconciled");
      assertTrue(admin.rbac().roleBindings().inNamespace(ns).list().getItems().stream()
          .flatMap(binding -> binding.getSubjects().stream())
          .noneMatch(subject -> subject.getName().contains("mallory")), "the other organization's owner gets no access");
      // Deleting the other organization (and with it the refused environment) leaves the namespace to its owner.
      admin.resources(Organization.class).withName(other).delete();
      Poll.until(CONVERGE, "the other organization's environment gone",
          () -> get(Environment.class, Organization.homeNamespace(other), "b-pr-1") == null);
      assertNull(admin.namespaces().withName(ns).get().getMetadata().getDeletionTimestamp(), "the namespace is not deleted");
      awaitCondition(Environment.class, HOME, "shop-b-pr-1", Condition.TRUE, "Deployed");
    });
    row("environment: pull request 999999999 (the largest) -> Ready on pr-999999999", () -> {
      create(admin, environment(HOME, "pr-max", "{project: shop, pullRequest: {number: 999999999, headSha: abcdef1}}"));
      Environment env = awaitCondition(Environment.class, HOME, "pr-max", Condition.TRUE, "Deployed");
      assertEquals(ORG + "-shop-pr-999999999", env.getStatus().namespace);
      assertEquals("https://pr-999999999.shop." + DOMAIN, env.getStatus().url);
    });
    for (String[] bad : new String[][] {{"0", "greater than or equal to 1"}, {"-1", "greater than or equal to 1"},
        {"1000000000", "less than or equal to 999999999"}, {"9223372036854775808", "must be of type integer"},
        {"1.5", "must be of type integer"}, {"\"7\"", "must be of type integer"}}) {
      row("environment: pull request number " + bad[0] + " -> 422 on spec.pullRequest.number", () -> refused(422,
          "spec.pullRequest.number", admin, environment(HOME, "pr-bad",
              "{project: shop, pullRequest: {number: " + bad[0] + "}}")));
    }
    row("environment: 59-character organization, 63-character project, largest PR -> namespace cut to 63, Ready", () -> {
      String project = "p" + "r".repeat(62);
      Poll.until(CONVERGE, "home of " + LONG, () -> admin.namespaces().withName(Organization.homeNamespace(LONG)).get() != null);
      create(admin, """
          apiVersion: orgspace.io/v1alpha1
          kind: Project
          metadata: {name: %s, namespace: %s}
          spec: {repository: {provider: github, url: "https://github.com/a/b"}}
          """.formatted(project, Organization.homeNamespace(LONG)));
      create(admin, environment(Organization.homeNamespace(LONG), "long-pr",
          "{project: " + project + ", pullRequest: {number: 999999999}, image: \"registry.example/x:1\"}"));
      Environment env = awaitCondition(Environment.class, Organization.homeNamespace(LONG), "long-pr", Condition.TRUE, "Deployed");
      assertEquals(63, env.getStatus().namespace.length());
      assertTrue(env.getStatus().namespace.startsWith(LONG.substring(0, 20)), env.getStatus().namespace);
      Namespace ns = admin.namespaces().withName(env.getStatus().namespace).get();
      assertEquals(project, ns.getMetadata().getLabels().get(Labels.PROJECT));
    });
    row("environment: name of 250 characters -> Ready, namespace and labels cut to 63", () -> {
      String name = "n" + "a".repeat(249);
      create(admin, environment(HOME, name, "{project: shop, image: \"registry.example/x:1\"}"));
      Environment env = awaitCondition(Environment.class, HOME, name, Condition.TRUE, "Deployed");
      assertTrue(env.getStatus().namespace.length() <= 63);
      String label = admin.namespaces().withName(env.getStatus().namespace).get().getMetadata().getLabels()
          .get(Labels.ENVIRONMENT);
      assertTrue(label.length() <= 63, label);
      assertTrue(env.getStatus().url.startsWith("https://na"), env.getStatus().url);
    });
    row("environment: dotted name (v1.2.3) -> Ready in a namespace that is a DNS label", () -> {
      create(admin, environment(HOME, "v1.2.3", "{project: shop, image: \"registry.example/x:1\"}"));
      Environment env = awaitCondition(Environment.class, HOME, "v1.2.3", Condition.TRUE, "Deployed");
      assertTrue(env.getStatus().namespace.matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"), env.getStatus().namespace);
      assertEquals("https://v1.2.3.shop." + DOMAIN, env.getStatus().url);
    });
    row("environment: unicode name -> 422 on metadata.name", () -> refused(422, "metadata.name: Invalid value",
        admin, environment(HOME, "vorschau-ä", "{project: shop}")));
    row("environment: variable values with unicode and control characters -> passed through verbatim, Ready", () -> {
      create(admin, """
          {"apiVersion": "orgspace.io/v1alpha1", "kind": "Environment", "metadata": {"name": "odd-values", "namespace": "%s"},
           "spec": {"project": "shop", "image": "registry.example/x:1",
                    "variables": {"GREETING": "grüß dich 🚀", "CTRL": "a\\u0000b\\u001b[31mc\\nd", "EXPANSION": "$(HOME) ${PATH}"}}}
          """.formatted(HOME));
      Environment env = awaitCondition(Environment.class, HOME, "odd-values", Condition.TRUE, "Deployed");
      var variables = admin.apps().deployments().inNamespace(env.getStatus().namespace).withName("app").get()
          .getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
      Map<String, String> byName = new LinkedHashMap<>();
      variables.forEach(v -> byName.put(v.getName(), v.getValue()));
      assertEquals("grüß dich 🚀", byName.get("GREETING"));
      assertEquals("a\u0000b\u001b[31mc\nd", byName.get("CTRL"));
      assertEquals("info", byName.get("LOG_LEVEL"), "the project's variables are merged in");
    });
    row("environment: variable name with unicode -> 422 on spec.variables", () -> refused(422,
        "variable names must be environment variable names", admin,
        environment(HOME, "bad-var", "{project: shop, variables: {GRÜSSE: x}}")));
    row("environment: variables over 256 KiB in total -> 422 on spec.variables", () -> {
      GenericKubernetesResource env = generic(environment(HOME, "fat-vars", "{project: shop, image: \"registry.example/x:1\"}"));
      spec(env).put("variables", texts("V", 9, 32_000));
      refused(422, "spec.variables: Invalid value: variables must total at most 256 KiB",
          () -> admin.resource(env).create());
    });
    row("environment: expiresAt of 30 February -> 422 on spec.expiresAt", () -> refused(422,
        "spec.expiresAt", admin, environment(HOME, "feb-30", "{project: shop, expiresAt: \"2026-02-30T00:00:00Z\"}")));
    row("environment: expiresAt in year 0 -> 422 on spec.expiresAt", () -> refused(422,
        "spec.expiresAt", admin, environment(HOME, "year-0", "{project: shop, expiresAt: \"0000-01-01T00:00:00Z\"}")));
    row("environment: expiresAt in the past -> deleted by the operator", () -> {
      create(admin, environment(HOME, "expired", "{project: shop, image: \"registry.example/x:1\", expiresAt: \"2020-01-01T00:00:00Z\"}"));
      Poll.until(CONVERGE, "expired environment deleted", () -> get(Environment.class, HOME, "expired") == null);
    });
    row("environment: expiresAt in year 9999 -> Ready, expiry reported", () -> {
      create(admin, environment(HOME, "forever", "{project: shop, image: \"registry.example/x:1\", expiresAt: \"9999-12-31T23:59:59Z\"}"));
      Environment env = awaitCondition(Environment.class, HOME, "forever", Condition.TRUE, "Deployed");
      assertEquals("9999-12-31T23:59:59Z", env.getStatus().expiresAt);
    });
    row("environment: project that does not exist -> Ready=False ProjectNotFound", () -> {
      create(admin, environment(HOME, "orphan", "{project: nothing, image: \"registry.example/x:1\"}"));
      awaitCondition(Environment.class, HOME, "orphan", Condition.FALSE, "ProjectNotFound");
    });
    row("environment: in a namespace that is no organization's home -> Ready=False OrganizationNotFound", () -> {
      create(admin, environment(LOOSE, "stray", "{project: shop, image: \"registry.example/x:1\"}"));
      awaitCondition(Environment.class, LOOSE, "stray", Condition.FALSE, "OrganizationNotFound");
    });
    row("environment: in org-<name> of no Organization -> Ready=False OrganizationNotFound, no namespace made", () -> {
      create(admin, environment(GHOST_HOME, "ghost", "{project: shop, image: \"registry.example/x:1\"}"));
      awaitCondition(Environment.class, GHOST_HOME, "ghost", Condition.FALSE, "OrganizationNotFound");
      assertNull(admin.namespaces().withName("ghost-" + SFX + "-shop-ghost").get());
    });
    row("environment: branch with unicode and control characters -> DNS-safe in the image, Ready", () -> {
      create(admin, """
          {"apiVersion": "orgspace.io/v1alpha1", "kind": "Environment", "metadata": {"name": "tpl-pr-12", "namespace": "%s"},
           "spec": {"project": "tpl", "pullRequest": {"number": 12, "branch": "Fëature/💥\\u0007\\nx;rm -rf"}}}
          """.formatted(HOME));
      Environment env = awaitCondition(Environment.class, HOME, "tpl-pr-12", Condition.TRUE, "Deployed");
      assertEquals("registry.example/tpl:f-ature-x-rm-rf-12", image(env.getStatus().namespace));
    });
  }

  private static void apiKeys() {
    row("apikey: lifetime over the organization's maximum -> Ready=False LifetimeExceedsPolicy", () -> {
      create(admin, apiKey("forever", "{scope: Manager, lifetime: 8760h}"));
      awaitCondition(ApiKey.class, HOME, "forever", Condition.FALSE, "LifetimeExceedsPolicy");
      assertNull(admin.serviceAccounts().inNamespace(HOME).withName("apikey-forever").get());
    });
    row("apikey: name of 100 characters -> Ready, its label cut to 63", () -> {
      String name = "k" + "e".repeat(99);
      create(admin, apiKey(name, "{scope: Manager, lifetime: 1h}"));
      awaitCondition(ApiKey.class, HOME, name, Condition.TRUE, "TokenIssued");
      Secret secret = admin.secrets().inNamespace(HOME).withName("apikey-" + name).get();
      assertTrue(secret.getMetadata().getLabels().get("orgspace.io/apikey").length() <= 63);
    });
    row("apikey: name of 247 characters -> 422, apikey-<name> would not fit 253", () -> refused(422,
        "API key name must be at most 246 characters", admin, apiKey("k".repeat(247), "{scope: Manager}")));
    row("apikey: expiresAt of 30 February -> 422 on spec.expiresAt", () -> refused(422, "spec.expiresAt", admin,
        apiKey("feb-30", "{scope: Manager, expiresAt: \"2026-02-30T10:00:00Z\"}")));
    row("apikey: description with a terminal escape sequence -> 422 on spec.description", () -> refused(422,
        "spec.description", admin, """
            {"apiVersion": "orgspace.io/v1alpha1", "kind": "ApiKey", "metadata": {"name": "esc", "namespace": "%s"},
             "spec": {"scope": "Manager", "description": "ci\\u001b[2K\\rall good"}}
            """.formatted(HOME)));
    row("apikey: expiresAt in the past -> Ready=False Expired, no ServiceAccount", () -> {
      create(admin, apiKey("ended", "{scope: Manager, lifetime: 1h, expiresAt: \"2020-01-01T00:00:00Z\"}"));
      awaitCondition(ApiKey.class, HOME, "ended", Condition.FALSE, "Expired");
      assertNull(admin.serviceAccounts().inNamespace(HOME).withName("apikey-ended").get());
    });
    row("apikey: duration that overflows (999999h three times) -> 422 on spec.lifetime", () -> refused(422,
        "spec.lifetime", admin, apiKey("overflow", "{scope: Manager, lifetime: 999999h999999h999999h}")));
  }

  private static void webhooks() {
    row("webhook: body over 1 MiB with its Content-Length -> 413", () -> {
      byte[] huge = ("{\"pad\":\"" + "x".repeat(WebhookServer.MAX_BODY) + "\"}").getBytes(StandardCharsets.UTF_8);
      assertEquals(413, webhook("github", signed(GitProvider.github, huge)));
    });
    row("webhook: body over 1 MiB, chunked without a Content-Length -> 413", () -> {
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
      try (Response response = HTTP.newCall(request.build()).execute()) {
        assertEquals(413, response.code());
      }
    });
    row("webhook: signed pull request padded to exactly 1 MiB -> 200, applied", () -> {
      String body = new String(pullRequest(GitProvider.github, "opened", 301).body(), StandardCharsets.UTF_8);
      String head = body.substring(0, body.lastIndexOf('}'));
      int pad = WebhookServer.MAX_BODY - head.getBytes(StandardCharsets.UTF_8).length - 1;
      byte[] exact = (head + " ".repeat(pad) + "}").getBytes(StandardCharsets.UTF_8);
      assertEquals(WebhookServer.MAX_BODY, exact.length);
      assertEquals(200, webhook("github", Deliveries.signed(GitProvider.github, SECRET, exact, "pull_request", id())));
      Poll.until(CONVERGE, "github-pr-301", () -> get(Environment.class, HOME, "github-pr-301") != null);
    });
    row("webhook: signature over the whole body, body truncated in transit -> 401", () -> {
      Delivery good = pullRequest(GitProvider.github, "opened", 302);
      byte[] cut = java.util.Arrays.copyOf(good.body(), good.body().length / 2);
      assertEquals(401, webhook("github", new Delivery(cut, good.headers())));
      assertNull(get(Environment.class, HOME, "github-pr-302"));
    });
    row("webhook: truncated JSON, correctly signed -> 400", () -> {
      Delivery good = pullRequest(GitProvider.github, "opened", 303);
      byte[] cut = java.util.Arrays.copyOf(good.body(), good.body().length / 2);
      assertEquals(400, webhook("github", Deliveries.signed(GitProvider.github, SECRET, cut, "pull_request", id())));
    });
    row("webhook: wrong signature -> 401", () -> {
      Delivery good = pullRequest(GitProvider.github, "opened", 304);
      Map<String, String> headers = new LinkedHashMap<>(good.headers());
      headers.put("X-Hub-Signature-256", "sha256=" + "ab".repeat(32));
      assertEquals(401, webhook("github", new Delivery(good.body(), headers)));
    });
    row("webhook: signed with the right secret, header of the wrong provider (Gitea to GitHub) -> 401", () ->
        assertEquals(401, webhook("github", retitled(pullRequest(GitProvider.gitea, "opened", 305), GitProvider.github))));
    row("webhook: signed with the right secret, header of the wrong provider (GitHub to GitLab) -> 401", () ->
        assertEquals(401, webhook("gitlab", pullRequest(GitProvider.github, "opened", 306))));
    row("webhook: the right token in the wrong provider's header (GitLab token to Gitea) -> 401", () ->
        assertEquals(401, webhook("gitea", pullRequest(GitProvider.gitlab, "open", 307))));
    row("webhook: project without a webhook secret -> 401", () ->
        assertEquals(401, webhook("bare", pullRequest(GitProvider.github, "opened", 308))));
    row("webhook: replayed delivery -> 200 duplicate, the Environment unchanged", () -> {
      Delivery opened = pullRequest(GitProvider.github, "opened", 309);
      assertEquals(200, webhook("github", opened));
      awaitCondition(Environment.class, HOME, "github-pr-309", Condition.TRUE, "Deployed");
      String version = get(Environment.class, HOME, "github-pr-309").getMetadata().getResourceVersion();
      assertEquals(200, webhook("github", opened));
      assertEquals(version, get(Environment.class, HOME, "github-pr-309").getMetadata().getResourceVersion());
    });
    row("webhook: the same payload under a new delivery id -> 200, the Environment unchanged", () -> {
      Delivery opened = pullRequest(GitProvider.github, "opened", 310);
      assertEquals(200, webhook("github", opened));
      awaitCondition(Environment.class, HOME, "github-pr-310", Condition.TRUE, "Deployed");
      String version = get(Environment.class, HOME, "github-pr-310").getMetadata().getResourceVersion();
      assertEquals(200, webhook("github", Deliveries.signed(GitProvider.github, SECRET, opened.body(), "pull_request", id())));
      assertEquals(version, get(Environment.class, HOME, "github-pr-310").getMetadata().getResourceVersion());
    });
    for (String[] number : new String[][] {{"\"abc\"", "a string"}, {"-5", "negative"}, {"0", "zero"},
        {"1000000000000", "over 999999999"}, {"1.5", "fractional"}, {"null", "null"}, {"[1]", "an array"}}) {
      row("webhook: pull request number " + number[1] + " (" + number[0] + ") -> 400, nothing applied", () -> {
        String body = new String(pullRequest(GitProvider.github, "opened", 311).body(), StandardCharsets.UTF_8)
            .replace("\"number\": 311", "\"number\": " + number[0]);
        assertEquals(400, webhook("github", Deliveries.signed(GitProvider.github, SECRET,
            body.getBytes(StandardCharsets.UTF_8), "pull_request", id())));
        assertNull(get(Environment.class, HOME, "github-pr-311"));
      });
    }
    row("webhook: GitLab iid as a string -> 400", () -> {
      String body = new String(pullRequest(GitProvider.gitlab, "open", 312).body(), StandardCharsets.UTF_8)
          .replace("\"iid\": 312", "\"iid\": \"312; drop\"");
      assertEquals(400, webhook("gitlab", Deliveries.signed(GitProvider.gitlab, SECRET,
          body.getBytes(StandardCharsets.UTF_8), "Merge Request Hook", id())));
    });
    row("webhook: pull_request that is a string, not an object -> 400", () -> assertEquals(400, webhook("github",
        signed(GitProvider.github, "{\"action\":\"opened\",\"number\":313,\"pull_request\":\"opened\"}"))));
    row("webhook: pull_request missing -> 400", () -> assertEquals(400, webhook("github",
        signed(GitProvider.github, "{\"action\":\"opened\",\"number\":314}"))));
    row("webhook: GitLab object_attributes missing -> 400", () -> assertEquals(400, webhook("gitlab",
        Deliveries.signed(GitProvider.gitlab, SECRET, "{\"object_kind\":\"merge_request\"}".getBytes(StandardCharsets.UTF_8),
            "Merge Request Hook", id()))));
    row("webhook: JSON array instead of an object -> 400", () -> assertEquals(400, webhook("github",
        signed(GitProvider.github, "[{\"action\":\"opened\"}]"))));
    row("webhook: binary garbage, correctly signed -> 400", () -> {
      byte[] garbage = new byte[4096];
      new java.util.Random(9).nextBytes(garbage);
      assertEquals(400, webhook("github", signed(GitProvider.github, garbage)));
    });
    row("webhook: JSON nested 100,000 levels deep -> 400, no stack overflow", () -> assertEquals(400, webhook("github",
        signed(GitProvider.github, "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}"))));
    row("webhook: unknown action -> 202 ignored", () -> {
      Delivery odd = pullRequest(GitProvider.github, "frobnicated", 315);
      assertEquals(202, webhook("github", odd));
      assertNull(get(Environment.class, HOME, "github-pr-315"));
    });
    row("webhook: action of the wrong type (a number) -> 202 ignored", () -> {
      String body = new String(pullRequest(GitProvider.github, "opened", 316).body(), StandardCharsets.UTF_8)
          .replace("\"action\": \"opened\"", "\"action\": 42");
      assertEquals(202, webhook("github", Deliveries.signed(GitProvider.github, SECRET,
          body.getBytes(StandardCharsets.UTF_8), "pull_request", id())));
    });
    row("webhook: head SHA that is not a commit -> 202 ignored", () -> {
      Delivery odd = Deliveries.pullRequest(GitProvider.github, SECRET, "opened", 317, "$(reboot)", "2026-11-21T10:00:00Z",
          false, false);
      assertEquals(202, webhook("github", odd));
      assertNull(get(Environment.class, HOME, "github-pr-317"));
    });
    row("webhook: branch of 300 characters -> 200, applied without the branch (the schema holds 255)", () -> {
      String body = new String(pullRequest(GitProvider.github, "opened", 318).body(), StandardCharsets.UTF_8)
          .replace("\"ref\": \"feature/cart\"", "\"ref\": \"feature/" + "b".repeat(292) + "\"");
      assertEquals(200, webhook("github", Deliveries.signed(GitProvider.github, SECRET,
          body.getBytes(StandardCharsets.UTF_8), "pull_request", id())));
      Environment env = get(Environment.class, HOME, "github-pr-318");
      assertEquals(318L, env.getSpec().pullRequest.number);
      assertNull(env.getSpec().pullRequest.branch);
    });
    row("webhook: missing delivery id -> 400", () -> {
      Delivery good = pullRequest(GitProvider.github, "opened", 319);
      Map<String, String> headers = new LinkedHashMap<>(good.headers());
      headers.remove("X-GitHub-Delivery");
      assertEquals(400, webhook("github", new Delivery(good.body(), headers)));
    });
    row("webhook: delivery id of 201 characters -> 400", () -> {
      Delivery good = pullRequest(GitProvider.github, "opened", 320);
      Map<String, String> headers = new LinkedHashMap<>(good.headers());
      headers.put("X-GitHub-Delivery", "d".repeat(201));
      assertEquals(400, webhook("github", new Delivery(good.body(), headers)));
    });
    row("webhook: unknown organization -> 404", () -> assertEquals(404,
        post(operator.webhookUrl("nobody-" + SFX, "github"), pullRequest(GitProvider.github, "opened", 321))));
    row("webhook: unknown project -> 404", () -> assertEquals(404,
        post(operator.webhookUrl(ORG, "nothing"), pullRequest(GitProvider.github, "opened", 322))));
    row("webhook: path with extra segments and an escaped unicode organization -> 404", () -> {
      assertEquals(404, post(operator.webhookUrl(ORG, "github") + "/extra", pullRequest(GitProvider.github, "opened", 323)));
      assertEquals(404, post(operator.webhookUrl("%C3%A4cme", "github"), pullRequest(GitProvider.github, "opened", 323)));
    });
    row("webhook: GET instead of POST -> 405", () -> {
      try (Response response = HTTP.newCall(new Request.Builder().url(operator.webhookUrl(ORG, "github")).get().build())
          .execute()) {
        assertEquals(405, response.code());
      }
    });
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
    List<String> secrets = new ArrayList<>(List.of(SECRET, OWN_PASSWORD));
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
    String home = Organization.homeNamespace(name);
    create(admin, """
        apiVersion: orgspace.io/v1alpha1
        kind: Organization
        metadata: {name: %1$s}
        spec: {owners: [{kind: User, name: "owner@%1$s.example"}], domains: [%1$s.example]}
        """.formatted(name));
    Poll.until(CONVERGE, "home namespace " + home, () -> admin.namespaces().withName(home).get() != null);
    create(admin, """
        apiVersion: orgspace.io/v1alpha1
        kind: Project
        metadata: {name: web, namespace: %s}
        spec:
          repository: {provider: github, url: "https://github.com/%s/web"}
          previews: {domain: web.%s.example, basicAuth: true}
        """.formatted(home, name, name));
    create(admin, environment(home, "web", "{project: web, image: \"registry.example/web:1\"}"));
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
    return """
        apiVersion: orgspace.io/v1alpha1
        kind: Project
        metadata: {name: %s, namespace: %s}
        spec: {repository: {provider: github, url: "https://github.com/a/%s"}}
        """.formatted(name, HOME, name);
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

  private static void refused(int code, String expected, KubernetesClient client, String yamlOrJson) {
    refused(code, expected, () -> create(client, yamlOrJson));
  }

  private static void refused(int code, String expected, Executable action) {
    KubernetesClientException e = assertThrows(KubernetesClientException.class, action);
    assertEquals(code, e.getCode(), e.getMessage());
    assertTrue(e.getMessage().contains(expected), "expected \"" + expected + "\" in: " + e.getMessage());
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
