package io.orgspace.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal OpenID Connect provider on loopback for tests: discovery, an authorization endpoint
 * that logs one configured user in at once (authorization code + PKCE S256 only), a token endpoint
 * (code and refresh token grants, refresh tokens rotated), and JWKS; ID tokens are RS256 JWTs
 * signed with a key made at start.
 */
final class LoopbackOidcProvider implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Grant(String clientId, String redirectUri, String challenge, String nonce) {}

  private final HttpServer server;
  private final KeyPair key;
  private final String clientId;
  private final String subject;
  private final List<String> groups;
  private final Map<String, Grant> codes = new ConcurrentHashMap<>();
  private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
  final AtomicLong lifetimeSeconds = new AtomicLong(300);
  final AtomicInteger refreshes = new AtomicInteger();
  volatile String lastIdToken;

  LoopbackOidcProvider(String clientId, String subject, List<String> groups) throws Exception {
    this.clientId = clientId;
    this.subject = subject;
    this.groups = groups;
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    this.key = generator.generateKeyPair();
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/.well-known/openid-configuration", exchange -> json(exchange, 200, Map.of(
        "issuer", issuer(), "authorization_endpoint", issuer() + "/authorize", "token_endpoint", issuer() + "/token",
        "jwks_uri", issuer() + "/jwks", "response_types_supported", List.of("code"),
        "code_challenge_methods_supported", List.of("S256"), "id_token_signing_alg_values_supported", List.of("RS256"))));
    server.createContext("/authorize", this::authorize);
    server.createContext("/token", this::token);
    server.createContext("/jwks", exchange -> {
      RSAPublicKey publicKey = (RSAPublicKey) key.getPublic();
      json(exchange, 200, Map.of("keys", List.of(Map.of("kty", "RSA", "alg", "RS256", "use", "sig", "kid", "test",
          "n", base64(unsigned(publicKey.getModulus().toByteArray())),
          "e", base64(unsigned(publicKey.getPublicExponent().toByteArray()))))));
    });
    server.start();
  }

  String issuer() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Every refresh token issued so far stops working (a session ended at the provider). */
  void endSessions() {
    refreshTokens.clear();
  }

  private void authorize(HttpExchange exchange) throws IOException {
    Map<String, String> query = Oidc.parseQuery(exchange.getRequestURI().getRawQuery());
    String redirectUri = query.getOrDefault("redirect_uri", "");
    if (!clientId.equals(query.get("client_id")) || !redirectUri.startsWith("http://127.0.0.1:")
        || !"code".equals(query.get("response_type")) || !"S256".equals(query.get("code_challenge_method"))
        || query.get("code_challenge") == null || !query.getOrDefault("scope", "").contains("openid")) {
      json(exchange, 400, Map.of("error", "invalid_request"));
      return;
    }
    String code = Oidc.randomToken();
    codes.put(code, new Grant(clientId, redirectUri, query.get("code_challenge"), query.get("nonce")));
    exchange.getResponseHeaders().set("Location", redirectUri + "?" + Oidc.form(Map.of("code", code, "state", query.get("state"))));
    exchange.sendResponseHeaders(302, -1);
    exchange.close();
  }

  private void token(HttpExchange exchange) throws IOException {
    Map<String, String> form = Oidc.parseQuery(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    if (!clientId.equals(form.get("client_id"))) {
      json(exchange, 401, Map.of("error", "invalid_client"));
      return;
    }
    switch (form.getOrDefault("grant_type", "")) {
      case "authorization_code" -> {
        Grant grant = codes.remove(form.getOrDefault("code", ""));
        if (grant == null || !grant.redirectUri().equals(form.get("redirect_uri"))
            || !grant.challenge().equals(Oidc.challenge(form.getOrDefault("code_verifier", "")))) {
          json(exchange, 400, Map.of("error", "invalid_grant"));
          return;
        }
        json(exchange, 200, issue(grant.nonce()));
      }
      case "refresh_token" -> {
        if (refreshTokens.remove(form.getOrDefault("refresh_token", "")) == null) {
          json(exchange, 400, Map.of("error", "invalid_grant"));
          return;
        }
        refreshes.incrementAndGet();
        json(exchange, 200, issue(null));
      }
      default -> json(exchange, 400, Map.of("error", "unsupported_grant_type"));
    }
  }

  private Map<String, Object> issue(String nonce) {
    long now = Instant.now().getEpochSecond();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", issuer());
    claims.put("sub", subject);
    claims.put("aud", clientId);
    claims.put("iat", now);
    claims.put("exp", now + lifetimeSeconds.get());
    claims.put("email", subject);
    claims.put("email_verified", true);
    claims.put("groups", groups);
    if (nonce != null) {
      claims.put("nonce", nonce);
    }
    String idToken = sign(claims);
    String refreshToken = Oidc.randomToken();
    refreshTokens.put(refreshToken, subject);
    lastIdToken = idToken;
    return Map.of("access_token", Oidc.randomToken(), "token_type", "Bearer", "expires_in", lifetimeSeconds.get(),
        "id_token", idToken, "refresh_token", refreshToken);
  }

  private String sign(Map<String, Object> claims) {
    try {
      String signingInput = base64(JSON.writeValueAsBytes(Map.of("alg", "RS256", "typ", "JWT", "kid", "test")))
          + "." + base64(JSON.writeValueAsBytes(claims));
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(key.getPrivate());
      signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + base64(signature.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether a JWT carries this provider's signature. */
  boolean signed(String jwt) throws Exception {
    String[] parts = jwt.split("\\.");
    Signature signature = Signature.getInstance("SHA256withRSA");
    signature.initVerify(key.getPublic());
    signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    return signature.verify(Base64.getUrlDecoder().decode(parts[2]));
  }

  private static void json(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static String base64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static byte[] unsigned(byte[] bytes) {
    return bytes.length > 1 && bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
