package io.orgspace.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real Keycloak (controlplane/keycloak/build.sh) on loopback over https with a test CA, started
 * once per test JVM on first use and stopped by {@link #stopShared} or when the JVM exits. Two realms, configured through
 * the admin REST API:
 * <ul>
 *   <li>{@value #CORP}: the organization's SAML identity provider (users and groups live there; its
 *   SAML client sends the groups as the attribute {@code groups});</li>
 *   <li>{@value #REALM}: the OpenID Connect issuer the API server trusts. It brokers {@value #CORP}
 *   (alias {@value #CORP}, groups re-synced from the assertion at each login) and has public
 *   clients for the CLI (code + PKCE, loopback redirect) whose ID tokens carry {@code groups}.</li>
 * </ul>
 * Groups named in {@link #BROKERED_GROUPS} exist in both realms; a SAML user's groups in
 * {@value #REALM} follow their groups in {@value #CORP}.
 */
public final class Keycloak {
  public static final String REALM = "orgspace";
  public static final String CORP = "corp";
  /** The CLI's client: tokens last the realm's default (5 minutes). */
  public static final String CLIENT = "kubectl";
  /** The same client with tokens that last {@link #SHORT_LIFESPAN}. */
  public static final String SHORT_CLIENT = "kubectl-short";
  public static final Duration SHORT_LIFESPAN = Duration.ofSeconds(10);
  public static final List<String> BROKERED_GROUPS = List.of("engineering", "helpdesk", "finance");
  /** Redirect URI of the tests' own code flows: never requested, the code is read from it. */
  public static final String TEST_REDIRECT = "http://127.0.0.1:1/callback";
  private static final String ADMIN_PASSWORD = "admin-" + Long.toHexString(System.nanoTime());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Keycloak shared;

  private final Path dir;
  private final int port;
  private final Process process;
  private final SSLContext tls;
  private final HttpClient http;

  private Keycloak(Path dir, int port, Process process, SSLContext tls) {
    this.dir = dir;
    this.port = port;
    this.process = process;
    this.tls = tls;
    this.http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** The instance of this JVM, started and configured on first use. */
  public static synchronized Keycloak shared() {
    if (shared == null) {
      try {
        shared = start();
        shared.configureRealms();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return shared;
  }

  /** Stops the instance of this JVM, if one runs (it holds about half a gigabyte); the next {@link #shared} starts a new one. */
  public static synchronized void stopShared() {
    if (shared != null) {
      shared.stop();
      shared = null;
    }
  }

  private static Keycloak start() throws IOException, InterruptedException {
    long begin = System.nanoTime();
    String home = ControlPlane.runScript("controlplane/keycloak/build.sh");
    String javaHome = lastLine(run(List.of(ControlPlane.repositoryRoot().resolve("controlplane/keycloak/build.sh").toString(),
        "java-home")));
    Path dir = Files.createTempDirectory("orgspace-keycloak-");
    // A test CA and a server certificate for 127.0.0.1 that it signs: the API server and the
    // clients are given the CA, as they would be a company's.
    openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=orgspace-test-idp-ca",
        "-keyout", "ca.key", "-out", "ca.crt");
    openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", "tls.key", "-out", "tls.csr");
    Files.writeString(dir.resolve("tls.ext"), "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
    openssl(dir, "x509", "-req", "-in", "tls.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2",
        "-extfile", "tls.ext", "-out", "tls.crt");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    ProcessBuilder builder = new ProcessBuilder(Path.of(home, "bin", "kc.sh").toString(), "start", "--optimized",
        // No clustered cache: it would open ports on every interface.
        "--cache=local",
        "--http-enabled=false", "--http-host=127.0.0.1", "--https-port=" + port,
        "--https-certificate-file=" + dir.resolve("tls.crt"), "--https-certificate-key-file=" + dir.resolve("tls.key"),
        // A pinned hostname: token issuers and SAML endpoints must not follow the URL a client used.
        "--hostname=https://127.0.0.1:" + port,
        // To fetch its own SAML descriptor over https.
        "--truststore-paths=" + dir.resolve("ca.crt"),
        "--db-url=jdbc:h2:file:" + dir.resolve("db/keycloak") + ";NON_KEYWORDS=VALUE")
        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("keycloak.log").toFile());
    builder.environment().put("JAVA_HOME", javaHome);
    builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
    builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
    Keycloak keycloak = new Keycloak(dir, port, builder.start(), trusting(dir.resolve("ca.crt")));
    Runtime.getRuntime().addShutdownHook(new Thread(keycloak::stop));
    Poll.until(Duration.ofSeconds(180), "keycloak serving realm master (log: " + dir.resolve("keycloak.log") + ")", () -> {
      if (!keycloak.process.isAlive()) {
        throw new IllegalStateException("keycloak exited: " + tail(dir.resolve("keycloak.log")));
      }
      try {
        return keycloak.http.send(HttpRequest.newBuilder(URI.create(keycloak.url() + "/realms/master")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    });
    System.out.printf("keycloak ready on %s in %d s%n", keycloak.url(), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - begin));
    return keycloak;
  }

  public String url() {
    return "https://127.0.0.1:" + port;
  }

  /** The issuer of the tokens the API server trusts. */
  public String issuer() {
    return url() + "/realms/" + REALM;
  }

  /** PEM of the CA that signed Keycloak's certificate. */
  public Path caCertificate() {
    return dir.resolve("ca.crt");
  }

  /** The CA as a PKCS#12 trust store (password "changeit"), for a JVM's javax.net.ssl.trustStore. */
  public Path trustStore() throws IOException {
    Path store = dir.resolve("truststore.p12");
    if (!Files.exists(store)) {
      try (InputStream in = Files.newInputStream(caCertificate())) {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        try (var out = Files.newOutputStream(store)) {
          keyStore.store(out, "changeit".toCharArray());
        }
      } catch (GeneralSecurityException e) {
        throw new IOException(e);
      }
    }
    return store;
  }

  /** Environment for controlplane/run.sh that makes kube-apiserver trust this issuer. */
  public Map<String, String> apiServerEnvironment() {
    return Map.of("ORGSPACE_OIDC_ISSUER_URL", issuer(), "ORGSPACE_OIDC_CA_FILE", caCertificate().toString(),
        "ORGSPACE_OIDC_AUDIENCES", CLIENT + "," + SHORT_CLIENT);
  }

  /** A browser with its own cookies (a new sign-in), trusting the test CA. */
  public HeadlessBrowser browser() {
    return new HeadlessBrowser(tls);
  }

  // ---- realms ---------------------------------------------------------------------------------

  private void configureRealms() throws IOException, InterruptedException {
    String brokerEndpoint = issuer() + "/broker/" + CORP + "/endpoint";
    admin("POST", "/admin/realms", Map.of("realm", CORP, "enabled", true));
    for (String group : BROKERED_GROUPS) {
      admin("POST", "/admin/realms/" + CORP + "/groups", Map.of("name", group));
    }
    // The SP as the corporate IdP knows it: NameID = user name, signed assertions over POST,
    // groups as one multi-valued attribute, and the profile the broker needs for a first login.
    List<Object> samlMappers = new ArrayList<>();
    samlMappers.add(Map.of("name", "groups", "protocol", "saml", "protocolMapper", "saml-group-membership-mapper",
        "config", Map.of("attribute.name", "groups", "full.path", "false", "single", "true", "attribute.nameformat", "Basic")));
    for (String property : List.of("email", "firstName", "lastName")) {
      samlMappers.add(Map.of("name", property, "protocol", "saml", "protocolMapper", "saml-user-property-mapper",
          "config", Map.of("user.attribute", property, "attribute.name", property, "attribute.nameformat", "Basic")));
    }
    admin("POST", "/admin/realms/" + CORP + "/clients", Map.of(
        "clientId", brokerEndpoint, "protocol", "saml", "enabled", true,
        "redirectUris", List.of(brokerEndpoint, brokerEndpoint + "/*"),
        "attributes", Map.of("saml_name_id_format", "username", "saml_force_name_id_format", "true",
            "saml.assertion.signature", "true", "saml.server.signature", "true", "saml.client.signature", "false",
            "saml.force.post.binding", "true", "saml.authnstatement", "true",
            "saml_assertion_consumer_url_post", brokerEndpoint),
        "protocolMappers", samlMappers));

    admin("POST", "/admin/realms", Map.of("realm", REALM, "enabled", true, "accessTokenLifespan", 300));
    for (String group : BROKERED_GROUPS) {
      admin("POST", "/admin/realms/" + REALM + "/groups", Map.of("name", group));
    }
    Map<String, Object> groupsClaim = Map.of("name", "groups", "protocol", "openid-connect",
        "protocolMapper", "oidc-group-membership-mapper", "config", Map.of("claim.name", "groups", "full.path", "false",
            "id.token.claim", "true", "access.token.claim", "true", "userinfo.token.claim", "true"));
    for (String client : List.of(CLIENT, SHORT_CLIENT)) {
      Map<String, String> attributes = new LinkedHashMap<>(Map.of("pkce.code.challenge.method", "S256"));
      if (client.equals(SHORT_CLIENT)) {
        attributes.put("access.token.lifespan", Long.toString(SHORT_LIFESPAN.toSeconds()));
      }
      admin("POST", "/admin/realms/" + REALM + "/clients", Map.of("clientId", client, "publicClient", true,
          "standardFlowEnabled", true, "directAccessGrantsEnabled", false,
          "redirectUris", List.of("http://127.0.0.1/*"), "attributes", attributes,
          "protocolMappers", List.of(groupsClaim)));
    }
    JsonNode imported = admin("POST", "/admin/realms/" + REALM + "/identity-provider/import-config",
        Map.of("providerId", "saml", "fromUrl", url() + "/realms/" + CORP + "/protocol/saml/descriptor"));
    ObjectNode config = (ObjectNode) imported;
    config.put("entityId", brokerEndpoint);
    config.put("syncMode", "FORCE");
    config.put("nameIDPolicyFormat", "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified");
    config.put("principalType", "SUBJECT");
    config.put("postBindingResponse", "true");
    config.put("postBindingAuthnRequest", "true");
    config.put("wantAssertionsSigned", "true");
    config.put("validateSignature", "true");
    admin("POST", "/admin/realms/" + REALM + "/identity-provider/instances", Map.of("alias", CORP, "providerId", "saml",
        "enabled", true, "trustEmail", true, "config", config));
    String mappers = "/admin/realms/" + REALM + "/identity-provider/instances/" + CORP + "/mappers";
    for (String property : List.of("email", "firstName", "lastName")) {
      admin("POST", mappers, Map.of("name", property, "identityProviderAlias", CORP,
          "identityProviderMapper", "saml-user-attribute-idp-mapper",
          "config", Map.of("syncMode", "INHERIT", "attribute.name", property, "user.attribute", property)));
    }
    // One mapper per group: Keycloak has none that takes the group's name from the attribute.
    for (String group : BROKERED_GROUPS) {
      admin("POST", mappers, Map.of("name", "group-" + group, "identityProviderAlias", CORP,
          "identityProviderMapper", "saml-advanced-group-idp-mapper",
          "config", Map.of("syncMode", "INHERIT", "are.attribute.values.regex", "false", "group", "/" + group,
              "attributes", "[{\"key\":\"groups\",\"value\":\"" + group + "\"}]")));
    }
  }

  /** A group of realm {@code realm}. */
  public void createGroup(String realm, String name) throws IOException, InterruptedException {
    admin("POST", "/admin/realms/" + realm + "/groups", Map.of("name", name));
  }

  /** A user of realm {@code realm} with a password, a verified e-mail {@code username@domain} and these groups. */
  public void createUser(String realm, String username, String email, String password, String... groups)
      throws IOException, InterruptedException {
    admin("POST", "/admin/realms/" + realm + "/users", Map.of("username", username, "email", email,
        "emailVerified", true, "firstName", username, "lastName", "Test", "enabled", true,
        "credentials", List.of(Map.of("type", "password", "value", password, "temporary", false)),
        "groups", List.of(groups).stream().map(g -> "/" + g).toList()));
  }

  /** Makes {@code groups} the only groups of the user (as a directory administrator would). */
  public void setGroups(String realm, String username, String... groups) throws IOException, InterruptedException {
    String base = "/admin/realms/" + realm;
    String userId = admin("GET", base + "/users?exact=true&username=" + encode(username), null).get(0).path("id").asText();
    for (JsonNode group : admin("GET", base + "/users/" + userId + "/groups", null)) {
      admin("DELETE", base + "/users/" + userId + "/groups/" + group.path("id").asText(), null);
    }
    for (String group : groups) {
      String groupId = admin("GET", base + "/groups?exact=true&search=" + encode(group), null).get(0).path("id").asText();
      admin("PUT", base + "/users/" + userId + "/groups/" + groupId, null);
    }
  }

  // ---- tokens ---------------------------------------------------------------------------------

  /**
   * The tokens of a code + PKCE sign-in of {@code username} at {@code client}, in a new browser:
   * at this realm's login form, or with {@code identityProvider} through that provider's (SAML:
   * the auto-submitted forms carry the request and the assertion).
   */
  public JsonNode signIn(String client, String identityProvider, String username, String password)
      throws IOException, InterruptedException {
    String verifier = HeadlessBrowser.randomToken();
    String url = issuer() + "/protocol/openid-connect/auth?" + HeadlessBrowser.form(Map.of(
        "client_id", client, "response_type", "code", "scope", "openid email profile",
        "redirect_uri", TEST_REDIRECT, "state", HeadlessBrowser.randomToken(), "nonce", HeadlessBrowser.randomToken(),
        "code_challenge", HeadlessBrowser.challenge(verifier), "code_challenge_method", "S256"))
        + (identityProvider == null ? "" : "&kc_idp_hint=" + encode(identityProvider));
    String callback = browser().signIn(url, TEST_REDIRECT, username, password);
    String code = HeadlessBrowser.query(URI.create(callback)).get("code");
    if (code == null) {
      throw new IllegalStateException("no code in the redirect: " + callback);
    }
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(issuer() + "/protocol/openid-connect/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(HeadlessBrowser.form(Map.of("grant_type", "authorization_code",
            "code", code, "redirect_uri", TEST_REDIRECT, "client_id", client, "code_verifier", verifier)))).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("token endpoint answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  /** The ID token of such a sign-in (what kubectl sends as the bearer token). */
  public String idToken(String client, String identityProvider, String username, String password)
      throws IOException, InterruptedException {
    return signIn(client, identityProvider, username, password).path("id_token").asText();
  }

  /** The claims of a JWT (its payload, not verified). */
  public static JsonNode claims(String jwt) throws IOException {
    return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
  }

  // ---- plumbing -------------------------------------------------------------------------------

  private JsonNode admin(String method, String path, Object body) throws IOException, InterruptedException {
    HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(url() + "/realms/master/protocol/openid-connect/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(HeadlessBrowser.form(Map.of("grant_type", "password",
            "client_id", "admin-cli", "username", "admin", "password", ADMIN_PASSWORD)))).build(),
        HttpResponse.BodyHandlers.ofString());
    if (login.statusCode() != 200) {
      throw new IllegalStateException("keycloak admin login answered " + login.statusCode());
    }
    String token = JSON.readTree(login.body()).path("access_token").asText();
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json");
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
  }

  /** Stops Keycloak and removes its directory (database, keys, log). */
  private void stop() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a temporary directory: left for the system to clean
    }
  }

  private static SSLContext trusting(Path caCertificate) throws IOException {
    try (InputStream in = Files.newInputStream(caCertificate)) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException(e);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("openssl " + args[0] + " failed: " + output);
    }
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IOException(command + " failed: " + out);
    }
    return out;
  }

  private static String lastLine(String output) {
    String[] lines = output.strip().split("\n");
    return lines[lines.length - 1].trim();
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return lines.subList(Math.max(0, lines.size() - 30), lines.size()).stream().collect(Collectors.joining("\n"));
    } catch (IOException e) {
      return "(no log)";
    }
  }
}
