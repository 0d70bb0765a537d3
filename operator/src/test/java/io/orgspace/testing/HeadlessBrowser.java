package io.orgspace.testing;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLDecoder;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;

/**
 * What a person's browser does in a sign-in, played by an HTTP client with a cookie jar: follows
 * redirects, fills a login form (a user name and a password field) and submits the forms that a
 * page would auto-submit (SAML's POST binding: SAMLRequest / SAMLResponse and RelayState), until
 * the identity provider redirects to the client's redirect URI, which it returns without
 * requesting it.
 */
public final class HeadlessBrowser {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern FORM = Pattern.compile("<form\\b([^>]*)>(.*?)</form>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
  private static final Pattern INPUT = Pattern.compile("<input\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
  private static final Pattern ATTRIBUTE = Pattern.compile("([a-zA-Z_:-]+)\\s*=\\s*(\"([^\"]*)\"|'([^']*)')");
  private static final Pattern ENTITY = Pattern.compile("&(#x[0-9a-fA-F]+|#[0-9]+|amp|quot|lt|gt|apos);");
  private static final int MAX_STEPS = 20;

  private final HttpClient http;

  HeadlessBrowser(SSLContext tls) {
    this.http = HttpClient.newBuilder().sslContext(tls).followRedirects(HttpClient.Redirect.NEVER)
        .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL)).connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** Starts at {@code url}; returns the URL of the redirect to {@code redirectUri} (code and state in its query). */
  public String signIn(String url, String redirectUri, String username, String password)
      throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    boolean credentialsSent = false;
    for (int step = 0; step < MAX_STEPS; step++) {
      if (response.statusCode() / 100 == 3) {
        URI location = response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
        if (location.toString().startsWith(redirectUri)) {
          return location.toString();
        }
        response = http.send(HttpRequest.newBuilder(location).build(), HttpResponse.BodyHandlers.ofString());
        continue;
      }
      Matcher form = FORM.matcher(response.body());
      if (response.statusCode() != 200 || !form.find()) {
        throw new IllegalStateException("sign-in stopped at " + response.uri() + " (" + response.statusCode() + "): "
            + text(response.body()));
      }
      Map<String, String> formAttributes = attributes(form.group(1));
      Map<String, String> fields = new LinkedHashMap<>();
      Matcher input = INPUT.matcher(form.group(2));
      while (input.find()) {
        Map<String, String> attributes = attributes(input.group(1));
        if (attributes.containsKey("name")) {
          fields.put(attributes.get("name"), attributes.getOrDefault("value", ""));
        }
      }
      if (fields.containsKey("password")) {
        if (credentialsSent) {
          throw new IllegalStateException("the login form came back (wrong credentials?): " + text(response.body()));
        }
        fields.put("username", username);
        fields.put("password", password);
        credentialsSent = true;
      } else if (!fields.containsKey("SAMLRequest") && !fields.containsKey("SAMLResponse")) {
        throw new IllegalStateException("a form this browser does not fill, at " + response.uri() + ": " + text(response.body()));
      }
      URI action = response.uri().resolve(formAttributes.getOrDefault("action", response.uri().toString()));
      response = http.send(HttpRequest.newBuilder(action).header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(form(fields))).build(), HttpResponse.BodyHandlers.ofString());
    }
    throw new IllegalStateException("sign-in did not reach " + redirectUri + " in " + MAX_STEPS + " steps");
  }

  private static Map<String, String> attributes(String tag) {
    Map<String, String> attributes = new LinkedHashMap<>();
    Matcher matcher = ATTRIBUTE.matcher(tag);
    while (matcher.find()) {
      attributes.put(matcher.group(1).toLowerCase(), unescape(matcher.group(3) != null ? matcher.group(3) : matcher.group(4)));
    }
    return attributes;
  }

  private static String unescape(String html) {
    return ENTITY.matcher(html).replaceAll(m -> {
      String entity = m.group(1);
      String character = switch (entity) {
        case "amp" -> "&";
        case "quot" -> "\"";
        case "lt" -> "<";
        case "gt" -> ">";
        case "apos" -> "'";
        default -> entity.startsWith("#x") ? Character.toString(Integer.parseInt(entity.substring(2), 16))
            : Character.toString(Integer.parseInt(entity.substring(1)));
      };
      return Matcher.quoteReplacement(character);
    });
  }

  /** The page's text, shortened, for a failure message. */
  private static String text(String html) {
    String text = html.replaceAll("(?s)<script.*?</script>|<style.*?</style>", " ").replaceAll("<[^>]+>", " ")
        .replaceAll("\\s+", " ").trim();
    return text.length() > 400 ? text.substring(0, 400) + "…" : text;
  }

  // ---- OAuth helpers ----------------------------------------------------------------------------

  static String randomToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String challenge(String verifier) {
    try {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String form(Map<String, String> values) {
    return values.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
  }

  static Map<String, String> query(URI uri) {
    Map<String, String> values = new LinkedHashMap<>();
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        int eq = pair.indexOf('=');
        values.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return values;
  }
}
