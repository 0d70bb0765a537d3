package io.orgspace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The OpenID Connect client side: discovery, PKCE, the token endpoint, ID token claims. */
final class Oidc {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
      .followRedirects(HttpClient.Redirect.NEVER).build();

  record Endpoints(String authorization, String token) {}

  private Oidc() {}

  static Endpoints discover(String issuer) {
    JsonNode document = get(stripSlash(issuer) + "/.well-known/openid-configuration");
    if (!stripSlash(issuer).equals(stripSlash(document.path("issuer").asText()))) {
      throw new CliException(CliException.UNREACHABLE, "the discovery document names another issuer: "
          + document.path("issuer").asText());
    }
    String authorization = document.path("authorization_endpoint").asText(null);
    String token = document.path("token_endpoint").asText(null);
    if (authorization == null || token == null) {
      throw new CliException(CliException.UNREACHABLE, "the discovery document has no authorization or token endpoint");
    }
    return new Endpoints(authorization, token);
  }

  /** 32 random bytes, base64url: a PKCE code verifier, a state or a nonce. */
  static String randomToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The S256 code challenge of a verifier (RFC 7636). */
  static String challenge(String verifier) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String authorizationUrl(Endpoints endpoints, String clientId, String redirectUri, String scope,
      String state, String nonce, String verifier) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("response_type", "code");
    query.put("client_id", clientId);
    query.put("redirect_uri", redirectUri);
    query.put("scope", scope);
    query.put("state", state);
    query.put("nonce", nonce);
    query.put("code_challenge", challenge(verifier));
    query.put("code_challenge_method", "S256");
    return endpoints.authorization() + (endpoints.authorization().contains("?") ? "&" : "?") + form(query);
  }

  /** POSTs a grant to the token endpoint; an OAuth error becomes a CliException with its code. */
  static JsonNode token(String tokenEndpoint, Map<String, String> grant) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(tokenEndpoint)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(form(grant))).build();
    HttpResponse<String> response = send(request);
    JsonNode body = parse(response.body());
    if (response.statusCode() / 100 != 2 || body.path("id_token").isMissingNode()) {
      String error = body.path("error").asText("HTTP " + response.statusCode());
      int code = "invalid_grant".equals(error) ? CliException.NOT_LOGGED_IN : CliException.UNREACHABLE;
      throw new CliException(code, "the identity provider refused the token request: " + error
          + (body.path("id_token").isMissingNode() && response.statusCode() / 100 == 2 ? " (no id_token: is 'openid' in the scopes?)" : ""));
    }
    return body;
  }

  /** The claims of a JWT (not verified here: the API server verifies the signature of every token it is given). */
  static JsonNode claims(String jwt) {
    String[] parts = jwt.split("\\.");
    if (parts.length != 3) {
      throw new CliException(CliException.UNREACHABLE, "the identity provider returned an ID token that is not a JWT");
    }
    return parse(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
  }

  static String form(Map<String, String> values) {
    return values.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  static Map<String, String> parseQuery(String query) {
    Map<String, String> values = new LinkedHashMap<>();
    if (query == null) {
      return values;
    }
    for (String pair : query.split("&")) {
      int equals = pair.indexOf('=');
      String key = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      values.putIfAbsent(java.net.URLDecoder.decode(key, StandardCharsets.UTF_8),
          java.net.URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return values;
  }

  private static JsonNode get(String url) {
    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .header("Accept", "application/json").GET().build());
    if (response.statusCode() != 200) {
      throw new CliException(CliException.UNREACHABLE, url + " answered " + response.statusCode());
    }
    return parse(response.body());
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new CliException(CliException.UNREACHABLE, "cannot reach the identity provider at " + request.uri().getHost()
          + ":" + request.uri().getPort() + ": " + e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(CliException.UNEXPECTED, "interrupted");
    }
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body == null || body.isBlank() ? "{}" : body);
    } catch (IOException e) {
      throw new CliException(CliException.UNREACHABLE, "the identity provider answered something that is not JSON");
    }
  }

  private static String stripSlash(String url) {
    return url != null && url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
