package io.orgspace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.orgspace.api.Environment;
import io.orgspace.api.GitProvider;
import io.orgspace.api.Role;
import io.orgspace.ssh.MemberCertificates;
import io.orgspace.ssh.SshKeygen;
import io.orgspace.ssh.TrustBundle;
import io.orgspace.testing.ControlPlane;
import io.orgspace.testing.KubectlPlugin;
import io.orgspace.testing.OperatorProcess;
import io.orgspace.testing.Poll;
import io.orgspace.testing.Sshd;
import io.orgspace.testing.TestMembership;
import io.orgspace.testing.TestOrganization;
import io.orgspace.testing.TestProject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubectl orgspace} run as a process by real people against the real API server: each
 * person authenticates with their own client certificate (user name and groups), no impersonation.
 */
class KubectlPluginIT {
  private static final Duration CONVERGE = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SFX = UUID.randomUUID().toString().substring(0, 6);
  private static final String ACME = "cli-acme-" + SFX;
  private static final String GLOBEX = "cli-globex-" + SFX;
  private static final String HIDDEN = "cli-hidden-" + SFX;
  private static final String ALICE = "alice@" + SFX + ".example";
  private static final String DEVS = "devs-" + SFX;
  private static final String ENV = "shop-pr-7";

  @TempDir static Path dir;
  private static KubernetesClient admin;
  private static OperatorProcess operator;
  private static KubectlPlugin alice;
  private static KubectlPlugin mallory;
  private static String environmentNamespace;

  @BeforeAll
  static void setUp() throws Exception {
    admin = ControlPlane.admin();
    operator = OperatorProcess.start("kubectl-plugin-it", Map.of()).awaitReady();
    // alice: a Membership in acme, and Support in globex through an SSO group only.
    TestOrganization acme = TestOrganization.named(ACME).displayName("Acme Corp").owner().domain().create(admin);
    TestOrganization globex = TestOrganization.named(GLOBEX).owner().domain().ssoGroupPrefix("oidc:")
        .ssoGroup(DEVS, Role.Support).create(admin);
    TestOrganization hidden = TestOrganization.named(HIDDEN).owner().domain().create(admin);
    List.of(acme, globex, hidden).forEach(org -> org.awaitHome(CONVERGE));

    alice = KubectlPlugin.as(dir, ALICE, "oidc:" + DEVS);
    mallory = KubectlPlugin.as(dir, "mallory@" + SFX + ".example", "oidc:strangers");
    SshKeygen.generate(alice.sshDir(), "id_ed25519", "ed25519");
    SshKeygen.generate(alice.sshDir(), "id_unrelated", "ed25519");
    admin.resource(TestMembership.of(acme.home(), "alice", ALICE, Role.Developer,
        List.of(Files.readString(alice.sshDir().resolve("id_ed25519.pub")).strip()))).create();

    TestProject.named("shop").in(acme.home()).repository(GitProvider.github, "https://github.com/" + ACME + "/shop")
        .previewDomain("shop." + ACME + ".example").previewImage("registry.example/shop:{{sha}}").previewPort(8080)
        .previewBasicAuth().create(admin);
    admin.resource(ControlPlane.load(Environment.class, """
        apiVersion: orgspace.io/v1alpha1
        kind: Environment
        metadata: {name: %s, namespace: %s}
        spec: {project: shop, pullRequest: {number: 7, headSha: 4f9c2e1, branch: feature/cli}}
        """.formatted(ENV, acme.home()))).create();
    Poll.until(CONVERGE, "environment URL, namespace and credentials", () -> {
      Environment environment = admin.resources(Environment.class).inNamespace(acme.home()).withName(ENV).get();
      environmentNamespace = environment == null || environment.getStatus() == null ? null : environment.getStatus().namespace;
      return environmentNamespace != null && environment.getStatus().url != null
          && admin.secrets().inNamespace(acme.home()).withName(ENV + "-basic-auth").get() != null;
    });
    Poll.until(CONVERGE, "alice's certificate and access in both organizations", () -> {
      Secret certificates = admin.secrets().inNamespace(acme.home()).withName(MemberCertificates.secretName("alice")).get();
      return certificates != null && certificates.getData() != null && !certificates.getData().isEmpty()
          && admin.rbac().clusterRoleBindings().list().getItems().stream()
              .filter(binding -> binding.getSubjects() != null && binding.getMetadata().getName().contains(GLOBEX))
              .anyMatch(binding -> binding.getSubjects().stream().anyMatch(s -> s.getName().equals("oidc:" + DEVS)));
    });
  }

  @AfterAll
  static void tearDown() throws InterruptedException {
    operator.closeAfter(() -> TestOrganization.deleteAndAwait(admin, SFX, CONVERGE, ACME, GLOBEX, HIDDEN));
  }

  private static JsonNode json(KubectlPlugin person, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("-o", "json"));
    KubectlPlugin.Result result = person.run(all.toArray(String[]::new));
    assertEquals(0, result.exit(), result.toString());
    return JSON.readTree(result.out());
  }

  private static Set<String> names(JsonNode rows) {
    Set<String> names = new TreeSet<>();
    rows.forEach(row -> names.add(row.path("name").asText()));
    return names;
  }

  @Test
  void whoamiShowsTheUserGroupsAndEachRoleWithWhatGrantsIt() throws Exception {
    JsonNode me = json(alice, "whoami");
    assertEquals(ALICE, me.path("user").asText());
    List<String> groups = JSON.convertValue(me.path("groups"), List.class);
    assertTrue(groups.contains("oidc:" + DEVS) && groups.contains("system:authenticated"), groups.toString());
    Set<String> grants = new TreeSet<>();
    me.path("organizations").forEach(grant -> grants.add(grant.path("organization").asText() + " "
        + grant.path("role").asText() + " " + grant.path("through").asText()));
    assertEquals(Set.of(ACME + " Developer Membership", GLOBEX + " Support SSO group oidc:" + DEVS), grants);

    KubectlPlugin.Result table = alice.run("whoami");
    assertEquals(0, table.exit(), table.toString());
    assertTrue(table.out().contains("User:   " + ALICE), table.out());
    assertTrue(table.out().matches("(?s).*ORGANIZATION\\s+ROLE\\s+THROUGH\\n.*" + ACME + "\\s+Developer\\s+Membership.*"), table.out());
  }

  @Test
  void aMemberOfTwoOrganizationsListsExactlyThoseTwo() throws Exception {
    JsonNode organizations = json(alice, "orgs");
    assertEquals(Set.of(ACME, GLOBEX), names(organizations));
    for (JsonNode organization : organizations) {
      if (organization.path("name").asText().equals(ACME)) {
        assertEquals("Acme Corp", organization.path("displayName").asText());
        assertEquals("org-" + ACME, organization.path("home").asText());
        assertEquals("Developer", organization.path("roles").get(0).asText());
      }
    }
    KubectlPlugin.Result table = alice.run("orgs");
    assertTrue(table.out().startsWith("CURRENT"), table.out());
    assertFalse(table.out().contains(HIDDEN), table.out());
  }

  @Test
  void aNonMemberSeesNoOrganizationAndLearnsNoName() throws Exception {
    KubectlPlugin.Result orgs = mallory.run("orgs", "-o", "json");
    assertEquals(0, orgs.exit(), orgs.toString());
    assertEquals(0, JSON.readTree(orgs.out()).size(), orgs.out());
    KubectlPlugin.Result whoami = mallory.run("whoami", "-o", "yaml");
    assertEquals(0, whoami.exit(), whoami.toString());
    for (KubectlPlugin.Result result : List.of(orgs, whoami, mallory.run("orgs"), mallory.run("whoami"))) {
      for (String name : List.of(ACME, GLOBEX, HIDDEN, "owner@")) {
        assertFalse((result.out() + result.err()).contains(name), result.toString());
      }
    }

    // An existing organization and one that never existed get the same answer.
    KubectlPlugin.Result existing = mallory.run("org", "use", HIDDEN);
    KubectlPlugin.Result missing = mallory.run("org", "use", "cli-nothing-" + SFX);
    assertEquals(5, existing.exit(), existing.toString());
    assertEquals(5, missing.exit(), missing.toString());
    assertEquals(existing.err().replace(HIDDEN, "NAME"), missing.err().replace("cli-nothing-" + SFX, "NAME"));
    KubectlPlugin.Result envs = mallory.run("envs", "--org", ACME);
    assertEquals(existing.err().replace(HIDDEN, "NAME"), envs.err().replace(ACME, "NAME"));
  }

  @Test
  void orgUseSwitchesTheContextNamespaceAndEnvsOpenAndCredentialsFollowIt() throws Exception {
    KubectlPlugin.Result notYet = alice.run("org", "current");
    assertEquals(5, notYet.exit(), notYet.toString());

    KubectlPlugin.Result use = alice.run("org", "use", ACME);
    assertEquals(0, use.exit(), use.toString());
    Map<?, ?> kubeconfig = Serialization.unmarshal(Files.readString(alice.kubeconfig()), Map.class);
    Map<?, ?> context = (Map<?, ?>) ((Map<?, ?>) ((List<?>) kubeconfig.get("contexts")).get(0)).get("context");
    assertEquals("org-" + ACME, context.get("namespace"));
    assertEquals("me", context.get("user"), "the rest of the kubeconfig is kept");

    assertEquals(Set.of(ACME), names(json(alice, "org", "current")));
    assertTrue(alice.run("orgs").out().matches("(?s).*\\n\\*\\s+" + ACME + ".*"), "the current one is starred");

    JsonNode environments = json(alice, "envs");
    assertEquals(1, environments.size(), environments.toString());
    JsonNode environment = environments.get(0);
    assertEquals(ENV, environment.path("name").asText());
    assertEquals("shop", environment.path("project").asText());
    assertEquals(7, environment.path("pullRequest").asInt());
    assertEquals("https://pr-7.shop." + ACME + ".example", environment.path("url").asText());
    assertFalse(environment.path("age").asText().isEmpty());
    assertEquals(0, json(alice, "envs", "--project", "other").size());
    assertEquals(1, json(alice, "envs", "--org", ACME, "--project", "shop").size());

    KubectlPlugin.Result open = alice.run("open", ENV);
    assertEquals("https://pr-7.shop." + ACME + ".example\n", open.out(), open.toString());
    assertEquals(5, alice.run("open", "shop-pr-404").exit());

    Secret secret = admin.secrets().inNamespace("org-" + ACME).withName(ENV + "-basic-auth").get();
    JsonNode credentials = json(alice, "credentials", ENV);
    assertEquals(decode(secret.getData().get("username")), credentials.path("username").asText());
    assertEquals(decode(secret.getData().get("password")), credentials.path("password").asText());

    // Support in globex through the SSO group: globex is now current, it has no environments.
    assertEquals(0, alice.run("org", "use", GLOBEX).exit());
    assertEquals(Set.of(GLOBEX), names(json(alice, "org", "current")));
    assertEquals(0, json(alice, "envs").size());
    assertEquals(0, alice.run("org", "use", ACME).exit());
  }

  @Test
  void sshCertWritesTheCertificateNextToItsKeyAndItLogsInToAnSshdFromTheBundle() throws Exception {
    KubectlPlugin.Result written = alice.run("ssh-cert", "--org", ACME, "--write");
    assertEquals(0, written.exit(), written.toString());
    Path certificate = alice.sshDir().resolve("id_ed25519-cert.pub");
    assertTrue(Files.exists(certificate), written.toString());
    assertFalse(Files.exists(alice.sshDir().resolve("id_unrelated-cert.pub")));
    String listing = SshKeygen.run("-L", "-f", certificate.toString());
    assertTrue(listing.contains("user certificate") && listing.contains(ALICE), listing);

    Poll.until(CONVERGE, "alice among the bundle's principals", () -> admin.configMaps().inNamespace(environmentNamespace)
        .withName(TrustBundle.NAME).get().getData().get(TrustBundle.PRINCIPALS).contains(ALICE));
    ConfigMap bundle = admin.configMaps().inNamespace(environmentNamespace).withName(TrustBundle.NAME).get();
    try (Sshd sshd = Sshd.start(dir.resolve("sshd"))) {
      sshd.writeBundle(bundle.getData(), Base64.getDecoder().decode(bundle.getBinaryData().get(TrustBundle.REVOKED)));
      Sshd.Login login = sshd.login(alice.sshDir().resolve("id_ed25519"), Files.readString(certificate), "echo logged-in");
      assertTrue(login.succeeded() && login.output().contains("logged-in"), login + "\n" + sshd.log());
    }

    // globex gives alice no Membership, hence no certificate; mallory belongs nowhere.
    KubectlPlugin.Result none = alice.run("ssh-cert", "--org", GLOBEX);
    assertEquals(5, none.exit(), none.toString());
    assertTrue(none.err().contains("no SSH certificate"), none.err());
    assertEquals(5, mallory.run("ssh-cert", "--org", ACME).exit());
  }

  @Test
  void refusedCredentialsExitWith3AndSayToLogIn() throws Exception {
    KubectlPlugin stranger = KubectlPlugin.withToken(dir, "stranger", "not-a-token");
    KubectlPlugin.Result result = stranger.run("whoami");
    assertEquals(3, result.exit(), result.toString());
    assertTrue(result.err().contains("kubectl orgspace login"), result.err());
  }

  private static String decode(String value) {
    return new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
  }
}
