package io.orgspace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code login}, {@code token} and {@code logout} run as processes against an OpenID Connect
 * provider on loopback: the browser's part (following the authorization URL to the loopback
 * redirect) is played by an HTTP client.
 */
class LoginIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String CLIENT = "kubectl";
  private static final HttpClient BROWSER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @TempDir Path home;
  private LoopbackOidcProvider provider;
  private PluginProcess plugin;

  @BeforeEach
  void setUp() throws Exception {
    provider = new LoopbackOidcProvider(CLIENT, "alice@acme.example", List.of("acme-developers"));
    plugin = new PluginProcess(home);
    writeKubeconfig("https://127.0.0.1:1", false);
  }

  private void writeKubeconfig(String server, boolean skipTlsVerify) throws Exception {
    Files.createDirectories(plugin.kubeconfig().getParent());
    Files.writeString(plugin.kubeconfig(), """
        apiVersion: v1
        kind: Config
        clusters:
        - name: local
          cluster: {server: "%s", insecure-skip-tls-verify: %s}
        contexts: []
        """.formatted(server, skipTlsVerify));
  }

  @AfterEach
  void tearDown() {
    provider.close();
  }

  private PluginProcess.Result login() throws Exception {
    Process process = plugin.start("login", "--issuer", provider.issuer(), "--client-id", CLIENT, "--no-browser",
        "--context", "acme", "--cluster", "local");
    List<String> printed = PluginProcess.readErrUntil(process, provider.issuer() + "/authorize?");
    String url = printed.get(printed.size() - 1);
    HttpResponse<String> authorize = BROWSER.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(302, authorize.statusCode(), authorize.body());
    String callback = authorize.headers().firstValue("Location").orElseThrow();
    assertTrue(callback.startsWith("http://127.0.0.1:"), callback);

    // A request to the loopback port that does not carry this login's state is refused and changes nothing.
    String forged = callback.replaceFirst("state=[^&]+", "state=forged");
    assertEquals(400, BROWSER.send(HttpRequest.newBuilder(URI.create(forged)).build(), HttpResponse.BodyHandlers.ofString()).statusCode());

    HttpResponse<String> landed = BROWSER.send(HttpRequest.newBuilder(URI.create(callback)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, landed.statusCode());
    assertTrue(landed.body().contains("Logged in"), landed.body());
    return PluginProcess.finish(process, String.join("\n", printed));
  }

  private JsonNode token() throws Exception {
    PluginProcess.Result result = plugin.run("token", "--issuer", provider.issuer(), "--client-id", CLIENT);
    assertEquals(0, result.exit(), result.err());
    return JSON.readTree(result.out());
  }

  @Test
  void loginStoresTokensPrivatelyAndWritesAnExecCredentialUser() throws Exception {
    PluginProcess.Result result = login();
    assertEquals(0, result.exit(), result.err());
    assertTrue(result.out().contains("Logged in as alice@acme.example"), result.out());

    Path tokens = home.resolve(".cache/orgspace/tokens");
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tokens)));
    try (Stream<Path> files = Files.list(tokens)) {
      List<Path> cached = files.filter(f -> f.toString().endsWith(".json")).toList();
      assertEquals(1, cached.size());
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cached.get(0))));
      assertTrue(Files.readString(cached.get(0)).contains(provider.lastIdToken));
    }

    JsonNode kubeconfig = YAML.readTree(plugin.kubeconfig().toFile());
    JsonNode exec = kubeconfig.path("users").get(0).path("user").path("exec");
    assertEquals("orgspace", kubeconfig.path("users").get(0).path("name").asText());
    assertEquals("client.authentication.k8s.io/v1", exec.path("apiVersion").asText());
    assertEquals("kubectl", exec.path("command").asText());
    assertEquals(List.of("orgspace", "token", "--issuer", provider.issuer(), "--client-id", CLIENT),
        YAML.convertValue(exec.path("args"), List.class));
    JsonNode context = kubeconfig.path("contexts").get(0);
    assertEquals("acme", context.path("name").asText());
    assertEquals("orgspace", context.path("context").path("user").asText());
    assertEquals("local", context.path("context").path("cluster").asText());
    assertEquals("https://127.0.0.1:1", kubeconfig.path("clusters").get(0).path("cluster").path("server").asText());

    JsonNode credential = token();
    assertEquals("ExecCredential", credential.path("kind").asText());
    assertEquals("client.authentication.k8s.io/v1", credential.path("apiVersion").asText());
    String idToken = credential.path("status").path("token").asText();
    assertEquals(provider.lastIdToken, idToken);
    assertTrue(provider.signed(idToken));
    assertEquals(0, provider.refreshes.get(), "a token valid for five minutes is served from the cache");
  }

  @Test
  void tokenRefreshesSilentlyWhenTheIdTokenIsAboutToExpire() throws Exception {
    provider.lifetimeSeconds.set(10);
    assertEquals(0, login().exit());
    String first = provider.lastIdToken;
    provider.lifetimeSeconds.set(300);

    JsonNode refreshed = token();
    assertEquals(1, provider.refreshes.get());
    String second = refreshed.path("status").path("token").asText();
    assertFalse(second.equals(first));
    assertEquals(provider.lastIdToken, second);
    Instant expiry = Instant.parse(refreshed.path("status").path("expirationTimestamp").asText());
    assertTrue(expiry.isAfter(Instant.now().plusSeconds(200)), expiry.toString());

    assertEquals(second, token().path("status").path("token").asText());
    assertEquals(1, provider.refreshes.get(), "the refreshed token is cached");
  }

  /**
   * The whole chain with the real kubectl: the kubeconfig user runs {@code kubectl orgspace token}
   * (the launcher script on the PATH), and kubectl sends the ID token it prints. The "API server"
   * is a loopback HTTPS server that records the Authorization header (client-go runs exec
   * plugins only for TLS connections; its certificate is self-signed, hence not verified here).
   */
  @Test
  void kubectlCallsThePluginBackAndSendsTheIdToken() throws Exception {
    List<String> authorizations = new java.util.concurrent.CopyOnWriteArrayList<>();
    HttpsServer apiServer = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    apiServer.setHttpsConfigurator(new HttpsConfigurator(selfSignedTls()));
    apiServer.createContext("/version", exchange -> {
      authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
      byte[] body = "{\"major\":\"1\",\"minor\":\"36\",\"gitVersion\":\"v1.36.0\"}".getBytes();
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    apiServer.start();
    try {
      writeKubeconfig("https://127.0.0.1:" + apiServer.getAddress().getPort(), true);
      assertEquals(0, login().exit());
      ProcessBuilder kubectl = plugin.kubectl("--context", "acme", "get", "--raw", "/version");
      PluginProcess.Result result = PluginProcess.finish(kubectl.start(), "");
      assertEquals(0, result.exit(), result.err());
      assertTrue(result.out().contains("v1.36.0"), result.out());
      assertEquals(List.of("Bearer " + provider.lastIdToken), authorizations.stream().distinct().toList());
    } finally {
      apiServer.stop(0);
    }
  }

  private SSLContext selfSignedTls() throws Exception {
    Path keystore = home.resolve("server.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "server", "-keyalg", "EC", "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1",
        "-validity", "1", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit")
        .redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes());
    assertEquals(0, keytool.waitFor(), output);
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(keystore)) {
      store.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, "changeit".toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }

  @Test
  void anEndedSessionOrALogoutAsksToLogInAgainWithExitCode3() throws Exception {
    provider.lifetimeSeconds.set(10);
    assertEquals(0, login().exit());
    provider.endSessions();
    PluginProcess.Result expired = plugin.run("token", "--issuer", provider.issuer(), "--client-id", CLIENT);
    assertEquals(3, expired.exit(), expired.err());
    assertTrue(expired.err().contains("session expired: run `kubectl orgspace login --issuer " + provider.issuer()), expired.err());
    assertFalse(expired.out().contains("ExecCredential"));

    provider.lifetimeSeconds.set(300);
    assertEquals(0, login().exit());
    PluginProcess.Result logout = plugin.run("logout");
    assertEquals(0, logout.exit(), logout.err());
    try (Stream<Path> files = Files.list(home.resolve(".cache/orgspace/tokens"))) {
      assertTrue(files.noneMatch(f -> f.toString().endsWith(".json")));
    }
    PluginProcess.Result loggedOut = plugin.run("token", "--issuer", provider.issuer(), "--client-id", CLIENT);
    assertEquals(3, loggedOut.exit());
    assertTrue(loggedOut.err().contains("not logged in"), loggedOut.err());
  }
}
