package io.orgspace.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Gitea (controlplane/gitea/build.sh) on loopback with SQLite in a temporary directory,
 * reading templates and options from its module directory (its web assets are not built: the API
 * is what tests use). Webhooks to loopback are allowed for this instance only.
 */
public final class Gitea implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String binary;
  private final Path dir;
  private final Path config;
  private final int port;
  private final Process process;

  private Gitea(String binary, Path dir, Path config, int port, Process process) {
    this.binary = binary;
    this.dir = dir;
    this.config = config;
    this.port = port;
    this.process = process;
  }

  public static Gitea start() throws IOException, InterruptedException {
    String binary = ControlPlane.runScript("controlplane/gitea/build.sh");
    String moduleDir = lastLine(run(List.of(ControlPlane.repositoryRoot().resolve("controlplane/gitea/build.sh").toString(),
        "moddir"), null));
    Path dir = Files.createTempDirectory("orgspace-gitea-");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path config = dir.resolve("custom/conf/app.ini");
    Files.createDirectories(config.getParent());
    Files.writeString(config, "");
    String secretKey = lastLine(run(List.of(binary, "generate", "secret", "SECRET_KEY"), null));
    String internalToken = lastLine(run(List.of(binary, "generate", "secret", "INTERNAL_TOKEN"), null));
    String jwt = lastLine(run(List.of(binary, "generate", "secret", "JWT_SECRET"), null));
    Files.writeString(config, """
        APP_NAME = orgspace-test
        RUN_USER = %1$s
        RUN_MODE = prod
        WORK_PATH = %2$s
        I_AM_BEING_UNSAFE_RUNNING_AS_ROOT = true
        [server]
        HTTP_ADDR = 127.0.0.1
        HTTP_PORT = %3$d
        ROOT_URL = http://127.0.0.1:%3$d/
        STATIC_ROOT_PATH = %4$s
        APP_DATA_PATH = %2$s/data
        DISABLE_SSH = true
        OFFLINE_MODE = true
        [database]
        DB_TYPE = sqlite3
        PATH = %2$s/data/gitea.db
        [repository]
        ROOT = %2$s/repositories
        [security]
        INSTALL_LOCK = true
        SECRET_KEY = %5$s
        INTERNAL_TOKEN = %6$s
        ALLOWED_HOST_LIST = loopback
        [oauth2]
        JWT_SECRET = %7$s
        [webhook]
        ALLOWED_HOST_LIST = loopback
        DELIVER_TIMEOUT = 10
        [service]
        DISABLE_REGISTRATION = true
        [mailer]
        ENABLED = false
        [actions]
        ENABLED = false
        [log]
        MODE = console
        LEVEL = warn
        ROOT_PATH = %2$s/log
        """.formatted(System.getProperty("user.name"), dir, port, moduleDir, secretKey, internalToken, jwt));
    run(List.of(binary, "migrate", "-c", config.toString()), dir);
    ProcessBuilder builder = new ProcessBuilder(binary, "web", "-c", config.toString())
        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("gitea.log").toFile());
    builder.environment().put("GITEA_WORK_DIR", dir.toString());
    builder.environment().put("GITEA_I_AM_BEING_UNSAFE_RUNNING_AS_ROOT", "true");
    Gitea gitea = new Gitea(binary, dir, config, port, builder.start());
    Poll.until(Duration.ofSeconds(60), "gitea healthy", () -> {
      try {
        return HTTP.send(HttpRequest.newBuilder(URI.create(gitea.url() + "/api/healthz")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    });
    return gitea;
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public String apiUrl() {
    return url() + "/api/v1";
  }

  /** Creates a user with Gitea's CLI; returns its password. */
  public String createUser(String name, boolean admin) throws IOException, InterruptedException {
    String password = "Pw-" + UUID.randomUUID();
    List<String> command = new ArrayList<>(List.of(binary, "admin", "user", "create", "-c", config.toString(),
        "--username", name, "--password", password, "--email", name + "@example.com", "--must-change-password=false"));
    if (admin) {
      command.add("--admin");
    }
    run(command, dir);
    return password;
  }

  /** An access token of the user with these scopes, through the API (basic auth). */
  public String token(String user, String password, String... scopes) throws IOException, InterruptedException {
    String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    JsonNode answer = call("POST", "/users/" + user + "/tokens", "Basic " + basic,
        Map.of("name", "t-" + UUID.randomUUID(), "scopes", List.of(scopes)), 201);
    return answer.path("sha1").asText();
  }

  /** A call to the API as the token's owner; fails unless it answers {@code expected}. */
  public JsonNode api(String token, String method, String path, Object body, int expected)
      throws IOException, InterruptedException {
    return call(method, path, "token " + token, body, expected);
  }

  private JsonNode call(String method, String path, String authorization, Object body, int expected)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiUrl() + path)).timeout(Duration.ofSeconds(30))
        .header("Authorization", authorization).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != expected) {
      throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
  }

  /** Runs git in {@code workTree} (created if needed). */
  public static String git(Path workTree, String... args) throws IOException, InterruptedException {
    Files.createDirectories(workTree);
    List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=Dev", "-c", "user.email=dev@example.com",
        "-c", "init.defaultBranch=main", "-c", "credential.helper="));
    command.addAll(List.of(args));
    return run(command, workTree);
  }

  private static String run(List<String> command, Path workDir) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    if (workDir != null) {
      builder.directory(workDir.toFile());
    }
    builder.environment().put("GITEA_I_AM_BEING_UNSAFE_RUNNING_AS_ROOT", "true");
    builder.environment().put("GIT_TERMINAL_PROMPT", "0");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      // The command's own words; a URL with credentials is never part of them (tests push with tokens).
      throw new IllegalStateException(command.get(0) + " " + command.get(Math.min(1, command.size() - 1))
          + " failed: " + redact(output));
    }
    return output;
  }

  private static String redact(String text) {
    Matcher m = Pattern.compile("//[^/@\\s]+@").matcher(text);
    return m.replaceAll("//***@");
  }

  private static String lastLine(String output) {
    String[] lines = output.strip().split("\n");
    return lines[lines.length - 1].strip();
  }

  public String log() throws IOException {
    return Files.readString(dir.resolve("gitea.log"));
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
