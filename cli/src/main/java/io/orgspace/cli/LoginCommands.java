package io.orgspace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code login}, {@code token} (the kubeconfig's exec credential plugin) and {@code logout}. */
final class LoginCommands {
  /** A token is refreshed when it has less than this left, so kubectl never sends an expiring one. */
  static final long REFRESH_MARGIN_SECONDS = 30;

  private LoginCommands() {}

  static final class IdentityProvider {
    @Option(names = "--issuer", required = true, description = "the OIDC issuer URL (as the API server's --oidc-issuer-url)")
    String issuer;
    @Option(names = "--client-id", required = true, description = "the OIDC client (a public client with PKCE)")
    String clientId;
  }

  @Command(name = "login", description = "Log in with OpenID Connect (authorization code + PKCE, loopback redirect) "
      + "and write a kubeconfig user that gets its token from `kubectl orgspace token`.")
  static final class Login implements Callable<Integer> {
    @picocli.CommandLine.Mixin IdentityProvider provider;
    @Option(names = "--scope", defaultValue = "openid profile email offline_access",
        description = "scopes to ask for (default: ${DEFAULT-VALUE})") String scope;
    @Option(names = "--callback-port", defaultValue = "0",
        description = "loopback port of the redirect http://127.0.0.1:PORT/callback (default: any free port)") int callbackPort;
    @Option(names = "--no-browser", description = "only print the URL to open") boolean noBrowser;
    @Option(names = "--timeout", defaultValue = "300", description = "seconds to wait for the browser (default ${DEFAULT-VALUE})") int timeout;
    @Option(names = "--user", defaultValue = "orgspace", description = "kubeconfig user to write (default ${DEFAULT-VALUE})") String user;
    @Option(names = "--context", description = "kubeconfig context to point at that user (created with --cluster if missing)") String context;
    @Option(names = "--cluster", description = "kubeconfig cluster for a new --context") String cluster;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      Oidc.Endpoints endpoints = Oidc.discover(provider.issuer);
      String verifier = Oidc.randomToken();
      String state = Oidc.randomToken();
      String nonce = Oidc.randomToken();
      CompletableFuture<Map<String, String>> callback = new CompletableFuture<>();
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), callbackPort), 0);
      server.createContext("/callback", exchange -> {
        Map<String, String> query = Oidc.parseQuery(exchange.getRequestURI().getRawQuery());
        // Another page must not be able to complete (or fail) this login: the state decides.
        boolean ours = state.equals(query.get("state"));
        String page = !ours ? "This is not the login this command started."
            : query.containsKey("error") ? "Login failed: " + query.get("error") + ". You can close this tab."
            : "Logged in. You can close this tab and return to the terminal.";
        byte[] body = ("<!doctype html><title>kubectl orgspace</title><p>" + page.replace("<", "&lt;") + "</p>")
            .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(ours ? 200 : 400, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
        if (ours) {
          callback.complete(query);
        }
      });
      server.start();
      try {
        String redirectUri = "http://127.0.0.1:" + server.getAddress().getPort() + "/callback";
        String url = Oidc.authorizationUrl(endpoints, provider.clientId, redirectUri, scope, state, nonce, verifier);
        var err = spec.commandLine().getErr();
        err.println("Open this URL to log in:");
        err.println(url);
        err.flush();
        if (!noBrowser) {
          Browser.open(url, err);
        }
        Map<String, String> result;
        try {
          result = callback.get(timeout, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
          throw new CliException(CliException.NOT_LOGGED_IN, "no login within " + timeout + " seconds");
        } catch (ExecutionException e) {
          throw CliException.from(e.getCause());
        }
        if (result.containsKey("error")) {
          throw new CliException(CliException.NOT_LOGGED_IN, "the identity provider refused the login: " + result.get("error"));
        }
        Map<String, String> grant = new LinkedHashMap<>();
        grant.put("grant_type", "authorization_code");
        grant.put("code", result.getOrDefault("code", ""));
        grant.put("redirect_uri", redirectUri);
        grant.put("client_id", provider.clientId);
        grant.put("code_verifier", verifier);
        JsonNode response = Oidc.token(endpoints.token(), grant);
        TokenCache.Tokens tokens = tokens(provider, endpoints.token(), response, null, nonce);
        TokenCache.write(tokens);

        Kubeconfig kubeconfig = Kubeconfig.load();
        kubeconfig.putExecUser(user, List.of("--issuer", provider.issuer, "--client-id", provider.clientId));
        if (context != null) {
          kubeconfig.useUser(context, user, cluster);
        }
        kubeconfig.save();
        JsonNode claims = Oidc.claims(tokens.idToken());
        spec.commandLine().getOut().println("Logged in as " + claims.path("email").asText(claims.path("sub").asText())
            + "; kubeconfig user " + user + " in " + kubeconfig.fileOfUser(user)
            + (context != null ? " (context " + context + ")" : ""));
        return 0;
      } finally {
        server.stop(0);
      }
    }
  }

  /** Tokens from a token endpoint response, its ID token's claims checked against this client. */
  static TokenCache.Tokens tokens(IdentityProvider provider, String tokenEndpoint, JsonNode response,
      String previousRefreshToken, String expectedNonce) {
    String idToken = response.path("id_token").asText();
    JsonNode claims = Oidc.claims(idToken);
    String issuer = claims.path("iss").asText();
    boolean audience = claims.path("aud").isArray()
        ? toList(claims.path("aud")).contains(provider.clientId) : provider.clientId.equals(claims.path("aud").asText());
    if (!strip(issuer).equals(strip(provider.issuer)) || !audience) {
      throw new CliException(CliException.UNREACHABLE, "the ID token is not for this issuer and client");
    }
    if (expectedNonce != null && !expectedNonce.equals(claims.path("nonce").asText())) {
      throw new CliException(CliException.NOT_LOGGED_IN, "the ID token does not answer this login (nonce)");
    }
    String refreshToken = response.path("refresh_token").asText(previousRefreshToken);
    return new TokenCache.Tokens(provider.issuer, provider.clientId, tokenEndpoint, idToken, refreshToken,
        claims.path("exp").asLong());
  }

  private static List<String> toList(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }

  private static String strip(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  @Command(name = "token", description = "Print an ExecCredential with a valid ID token, refreshing it silently "
      + "(kubectl calls this through the kubeconfig user `login` wrote).")
  static final class Token implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @picocli.CommandLine.Mixin IdentityProvider provider;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      TokenCache.Tokens tokens = current();
      Map<String, Object> status = new LinkedHashMap<>();
      status.put("token", tokens.idToken());
      status.put("expirationTimestamp", Instant.ofEpochSecond(tokens.expiresAt()).toString());
      Map<String, Object> credential = new LinkedHashMap<>();
      credential.put("apiVersion", "client.authentication.k8s.io/v1");
      credential.put("kind", "ExecCredential");
      credential.put("status", status);
      spec.commandLine().getOut().println(JSON.writeValueAsString(credential));
      return 0;
    }

    /** The cached tokens, refreshed under a file lock so parallel kubectl calls refresh once. */
    private TokenCache.Tokens current() throws IOException {
      String login = "run `kubectl orgspace login --issuer " + provider.issuer + " --client-id " + provider.clientId + "`";
      if (TokenCache.read(provider.issuer, provider.clientId) == null) {
        throw new CliException(CliException.NOT_LOGGED_IN, "not logged in: " + login);
      }
      var lockFile = TokenCache.file(provider.issuer, provider.clientId).resolveSibling(".lock");
      try (FileChannel channel = FileChannel.open(lockFile, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
          FileLock lock = channel.lock()) {
        TokenCache.Tokens tokens = TokenCache.read(provider.issuer, provider.clientId);
        if (tokens == null) {
          throw new CliException(CliException.NOT_LOGGED_IN, "not logged in: " + login);
        }
        if (tokens.expiresAt() - REFRESH_MARGIN_SECONDS > Instant.now().getEpochSecond()) {
          return tokens;
        }
        if (tokens.refreshToken() == null || tokens.refreshToken().isEmpty()) {
          throw new CliException(CliException.NOT_LOGGED_IN, "your session expired: " + login);
        }
        Map<String, String> grant = new LinkedHashMap<>();
        grant.put("grant_type", "refresh_token");
        grant.put("refresh_token", tokens.refreshToken());
        grant.put("client_id", provider.clientId);
        JsonNode response;
        try {
          response = Oidc.token(tokens.tokenEndpoint(), grant);
        } catch (CliException e) {
          if (e.exitCode() == CliException.NOT_LOGGED_IN) {
            throw new CliException(CliException.NOT_LOGGED_IN, "your session expired: " + login);
          }
          throw e;
        }
        TokenCache.Tokens refreshed = tokens(provider, tokens.tokenEndpoint(), response, tokens.refreshToken(), null);
        TokenCache.write(refreshed);
        return refreshed;
      }
    }
  }

  @Command(name = "logout", description = "Forget the cached tokens (of one issuer and client, or all).")
  static final class Logout implements Callable<Integer> {
    @Option(names = "--issuer") String issuer;
    @Option(names = "--client-id") String clientId;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      if ((issuer == null) != (clientId == null)) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give both --issuer and --client-id, or neither");
      }
      int forgotten = TokenCache.delete(issuer, clientId);
      spec.commandLine().getOut().println(forgotten == 0 ? "Not logged in." : "Logged out (" + forgotten + " login"
          + (forgotten == 1 ? "" : "s") + " forgotten).");
      return 0;
    }
  }
}
