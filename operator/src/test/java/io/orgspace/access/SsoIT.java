package io.orgspace.access;

import static io.orgspace.testing.Requests.allowed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.orgspace.api.Organization;
import io.orgspace.api.Role;
import io.orgspace.testing.AccessMatrix;
import io.orgspace.testing.AccessMatrix.Row;
import io.orgspace.testing.AccessMatrix.Who;
import io.orgspace.testing.ControlPlane;
import io.orgspace.testing.Keycloak;
import io.orgspace.testing.KubectlPlugin;
import io.orgspace.testing.OperatorProcess;
import io.orgspace.testing.Poll;
import io.orgspace.testing.TestOrganization;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Single sign-on end to end, with nothing impersonated: a person signs in at a real Keycloak (code
 * + PKCE; through a SAML identity provider it brokers, or at its own login form), the ID token it
 * issues is the bearer token sent to the real API server, which authenticates it through its
 * AuthenticationConfiguration (controlplane/run.sh, ORGSPACE_OIDC_*: user from {@code email},
 * groups from {@code groups}, both prefixed {@code oidc:}), and the Organization's group mappings
 * decide the role. Each change in the directory is seen through a fresh sign-in.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SsoIT {
  private static final Duration CONVERGE = Duration.ofSeconds(60);
  private static final String SFX = UUID.randomUUID().toString().substring(0, 6);
  private static final String A = "sso-a-" + SFX;
  private static final String B = "sso-b-" + SFX;
  private static final String HOME_A = "org-" + A;
  private static final String SERVERS_A = A + "-servers";
  private static final String PASSWORD = "correct-horse-" + SFX;
  /** In the corporate SAML directory. */
  private static final String CAROL = "carol";
  /** In the orgspace realm itself, in a group only organization B maps. */
  private static final String ERIN = "erin";
  /** In the orgspace realm itself, in engineering: signs in with the CLI. */
  private static final String ALICE = "alice";
  private static final String PARTNERS = "partners";

  private static Keycloak keycloak;
  private static KubernetesClient admin;
  private static OperatorProcess operator;
  private static final List<KubernetesClient> CLIENTS = new ArrayList<>();

  @BeforeAll
  static void setUp() throws Exception {
    keycloak = Keycloak.shared();
    keycloak.createUser(Keycloak.CORP, CAROL, CAROL + "@corp.example", PASSWORD, "engineering");
    keycloak.createGroup(Keycloak.REALM, PARTNERS);
    keycloak.createUser(Keycloak.REALM, ERIN, ERIN + "@partner.example", PASSWORD, PARTNERS);
    keycloak.createUser(Keycloak.REALM, ALICE, ALICE + "@orgspace.example", PASSWORD, "engineering");
    ControlPlane.restartApiServer(keycloak.apiServerEnvironment());

    admin = ControlPlane.admin();
    operator = OperatorProcess.start("sso-it").awaitReady();
    Organization readyA = TestOrganization.named(A).owner().domain().ssoGroupPrefix("oidc:")
        .ssoGroup("engineering", Role.Developer).ssoGroup("helpdesk", Role.Support)
        .create(admin).awaitReady(CONVERGE);
    TestOrganization.named(B).owner().domain().ssoGroupPrefix("oidc:").ssoGroup(PARTNERS, Role.Owner)
        .create(admin).awaitReady(CONVERGE);
    AccessMatrix.createServersNamespace(admin, SERVERS_A, readyA);
    AccessMatrix.createFixtures(admin, A, HOME_A, SERVERS_A);
    // The roles SSO gives (and the owner's) are bound in both of A's namespaces before anyone signs in.
    Set<String> roles = Stream.of(Role.Owner, Role.Developer, Role.Support).map(Role::clusterRoleName).collect(Collectors.toSet());
    Poll.until(CONVERGE, "role bindings of " + A, () -> Stream.of(HOME_A, SERVERS_A).allMatch(ns ->
        admin.rbac().roleBindings().inNamespace(ns).list().getItems().stream()
            .map(b -> b.getMetadata().getName()).collect(Collectors.toSet()).containsAll(roles)));
  }

  @AfterAll
  static void tearDown() throws InterruptedException {
    try {
      CLIENTS.forEach(KubernetesClient::close);
      if (admin != null) {
        for (String org : List.of(A, B)) {
          admin.resources(Organization.class).withName(org).delete();
        }
        admin.namespaces().withName(SERVERS_A).delete();
      }
    } finally {
      Keycloak.stopShared();
      if (operator != null) {
        operator.close(); // never leave an operator running into the next test class
      }
    }
  }

  /** A client sending {@code idToken}, once the API server accepts it (it fetches the issuer's keys after a restart). */
  private static KubernetesClient signedIn(String idToken, String expectedUser) {
    KubernetesClient client = ControlPlane.withToken(idToken);
    CLIENTS.add(client);
    Poll.until(CONVERGE, "the API server authenticates " + expectedUser, () -> {
      try {
        return expectedUser.equals(whoAmI(client).getUsername());
      } catch (KubernetesClientException e) {
        if (e.getCode() == 401) {
          return false;
        }
        throw e;
      }
    });
    return client;
  }

  private static UserInfo whoAmI(KubernetesClient client) {
    return client.resource(new SelfSubjectReview()).create().getStatus().getUserInfo();
  }

  /** The rows of the matrix in organization A where {@code client} is not allowed exactly what {@code who} is. */
  private static List<String> cellsNotMatching(KubernetesClient client, Who who) {
    List<String> wrong = new ArrayList<>();
    for (Row row : AccessMatrix.rows(A, HOME_A, SERVERS_A)) {
      boolean expected = row.allowed().contains(who);
      if (allowed(client, row.action()) != expected) {
        wrong.add((expected ? "refused: " : "allowed: ") + row.permission());
      }
    }
    return wrong;
  }

  private static List<String> groups(String idToken) throws Exception {
    List<String> groups = new ArrayList<>();
    Keycloak.claims(idToken).path("groups").forEach(g -> groups.add(g.asText()));
    return groups;
  }

  @Test
  @Order(1)
  void aSamlUserInEngineeringHoldsExactlyTheDeveloperCells() throws Exception {
    String token = keycloak.idToken(Keycloak.CLIENT, Keycloak.CORP, CAROL, PASSWORD);
    assertEquals(List.of("engineering"), groups(token), "groups from the SAML assertion");
    KubernetesClient carol = signedIn(token, "oidc:carol@corp.example");
    assertTrue(whoAmI(carol).getGroups().contains("oidc:engineering"), whoAmI(carol).getGroups().toString());
    assertEquals(List.of(), cellsNotMatching(carol, Who.Developer));
  }

  @Test
  @Order(2)
  void movedToHelpdeskAFreshTokenHoldsTheSupportCells() throws Exception {
    keycloak.setGroups(Keycloak.CORP, CAROL, "helpdesk");
    String token = keycloak.idToken(Keycloak.CLIENT, Keycloak.CORP, CAROL, PASSWORD);
    assertEquals(List.of("helpdesk"), groups(token));
    assertEquals(List.of(), cellsNotMatching(signedIn(token, "oidc:carol@corp.example"), Who.Support));
  }

  @Test
  @Order(3)
  void removedFromTheMappedGroupsAFreshTokenIsRefusedEverywhereButAnEarlierOneLastsUntilItExpires() throws Exception {
    keycloak.setGroups(Keycloak.CORP, CAROL, "helpdesk");
    String before = keycloak.idToken(Keycloak.CLIENT, Keycloak.CORP, CAROL, PASSWORD);
    keycloak.setGroups(Keycloak.CORP, CAROL, "finance");
    String after = keycloak.idToken(Keycloak.CLIENT, Keycloak.CORP, CAROL, PASSWORD);
    assertEquals(List.of("finance"), groups(after));
    assertEquals(List.of(), cellsNotMatching(signedIn(after, "oidc:carol@corp.example"), Who.NonMember));
    // The API server reads groups from the token: one issued before the removal still carries helpdesk.
    KubernetesClient stale = signedIn(before, "oidc:carol@corp.example");
    assertTrue(allowed(stale, c -> c.resources(Organization.class).withName(A).require()),
        "a token issued before the removal keeps its groups until it expires");
  }

  @Test
  @Order(4)
  void aUserOfAnotherOrganizationsGroupSeesNothingOfThisOne() throws Exception {
    String token = keycloak.idToken(Keycloak.CLIENT, null, ERIN, PASSWORD);
    KubernetesClient erin = signedIn(token, "oidc:erin@partner.example");
    assertTrue(allowed(erin, c -> c.resources(Organization.class).withName(B).require()), "owner of " + B);
    assertEquals(List.of(), cellsNotMatching(erin, Who.NonMember));
  }

  @Test
  @Order(5)
  void anExpiredTokenIsRefused() throws Exception {
    String token = keycloak.idToken(Keycloak.SHORT_CLIENT, null, ERIN, PASSWORD);
    Instant expiry = Instant.ofEpochSecond(Keycloak.claims(token).path("exp").asLong());
    assertTrue(expiry.isBefore(Instant.now().plus(Keycloak.SHORT_LIFESPAN).plusSeconds(5)), expiry.toString());
    signedIn(token, "oidc:erin@partner.example");
    Poll.until(Keycloak.SHORT_LIFESPAN.plus(CONVERGE), "the expired token refused", () -> statusWith(token) == 401);
    assertTrue(Instant.now().isAfter(expiry), "refused only once expired (exp " + expiry + ")");
  }

  /** The API server's status for a read of organization B with {@code token} as the bearer token. */
  private static int statusWith(String token) {
    try (KubernetesClient client = ControlPlane.withToken(token)) {
      client.resources(Organization.class).withName(B).get();
      return 200;
    } catch (KubernetesClientException e) {
      return e.getCode();
    }
  }

  /**
   * {@code kubectl orgspace login} against the real Keycloak (its browser step played by the same
   * headless browser), then {@code kubectl orgspace token}: the exec credential's token is accepted
   * by the real API server as the person who signed in, with the groups the directory gives.
   */
  @Test
  @Order(6)
  void theCliLogsInAtKeycloakAndTheApiServerAcceptsItsExecCredential(@TempDir Path dir) throws Exception {
    KubectlPlugin plugin = KubectlPlugin.withToken(dir, "alice", "not-a-token")
        .javaOptions("-Djavax.net.ssl.trustStore=" + keycloak.trustStore(), "-Djavax.net.ssl.trustStorePassword=changeit");
    Process login = plugin.start("login", "--issuer", keycloak.issuer(), "--client-id", Keycloak.CLIENT, "--no-browser",
        "--context", "sso", "--cluster", "orgspace-local");
    String authorizationUrl = readLineStartingWith(login, keycloak.issuer() + "/protocol/openid-connect/auth?");
    String callback = keycloak.browser().signIn(authorizationUrl, "http://127.0.0.1:", ALICE, PASSWORD);
    HttpResponse<String> landed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(callback)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, landed.statusCode(), landed.body());
    assertTrue(login.waitFor(60, TimeUnit.SECONDS), "login finished");
    assertEquals(0, login.exitValue(), new String(login.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));

    KubectlPlugin.Result credential = plugin.run("token", "--issuer", keycloak.issuer(), "--client-id", Keycloak.CLIENT);
    assertEquals(0, credential.exit(), credential.toString());
    JsonNode execCredential = new ObjectMapper().readTree(credential.out());
    assertEquals("ExecCredential", execCredential.path("kind").asText());
    KubernetesClient alice = signedIn(execCredential.path("status").path("token").asText(), "oidc:alice@orgspace.example");
    assertTrue(whoAmI(alice).getGroups().contains("oidc:engineering"), whoAmI(alice).getGroups().toString());
    assertTrue(allowed(alice, c -> c.resources(Organization.class).withName(A).require()), "a Developer of " + A);
  }

  private static String readLineStartingWith(Process process, String prefix) throws Exception {
    var reader = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
    List<String> lines = new ArrayList<>();
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      if (line.startsWith(prefix)) {
        return line.trim();
      }
      lines.add(line);
    }
    throw new IllegalStateException("the plugin printed no line starting with " + prefix + ": " + lines);
  }
}
