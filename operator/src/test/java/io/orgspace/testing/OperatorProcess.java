package io.orgspace.testing;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The operator jar run as its own process, as a user runs it, against the local control plane. */
public final class OperatorProcess implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final int healthPort;
  private final int webhookPort;

  private OperatorProcess(Process process, Path log, int healthPort, int webhookPort) {
    this.process = process;
    this.log = log;
    this.healthPort = healthPort;
    this.webhookPort = webhookPort;
  }

  /** The port of the Git provider webhooks. */
  public int webhookPort() {
    return webhookPort;
  }

  /** Where the operator takes Git provider webhooks. */
  public String webhookUrl(String organization, String project) {
    return "http://127.0.0.1:" + webhookPort + "/webhooks/" + organization + "/" + project;
  }

  public static OperatorProcess start(String name, Map<String, String> extraEnv) {
    try {
      Path jar = ControlPlane.repositoryRoot().resolve("operator/target/orgspace-operator.jar");
      Path logDir = ControlPlane.repositoryRoot().resolve("operator/target/operator-logs");
      Files.createDirectories(logDir);
      Path log = logDir.resolve(name + ".log");
      int port = freePort();
      int webhookPort = freePort();
      ProcessBuilder builder = new ProcessBuilder(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
      Map<String, String> env = builder.environment();
      env.put("KUBECONFIG", ControlPlane.kubeconfig().toString());
      env.put("ORGSPACE_HEALTH_PORT", Integer.toString(port));
      env.put("ORGSPACE_WEBHOOK_PORT", Integer.toString(webhookPort));
      env.putAll(new HashMap<>(extraEnv));
      builder.redirectErrorStream(true).redirectOutput(log.toFile());
      Process process = builder.start();
      // Whatever a test does, no operator outlives the test run.
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
      return new OperatorProcess(process, log, port, webhookPort);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static OperatorProcess start(String name) {
    return start(name, Map.of());
  }

  /**
   * How long a started operator may take to answer /readyz: a JVM's start and the first sync of
   * every informer, which on a busy machine take far longer than a reconcile.
   */
  public static final Duration READY_DEADLINE = Duration.ofMinutes(3);

  /** Polls /readyz until it answers 200 or {@link #READY_DEADLINE} passes. */
  public OperatorProcess awaitReady() {
    return awaitReady(READY_DEADLINE);
  }

  /** Polls /readyz until it answers 200 or the deadline passes. */
  public OperatorProcess awaitReady(Duration timeout) {
    Poll.until(timeout, "operator ready (log: " + log + ")", () -> {
      if (!process.isAlive()) {
        throw new IllegalStateException("operator exited with " + process.exitValue() + ", log:\n" + log());
      }
      return get("/readyz") == 200;
    });
    return this;
  }

  public int get(String path) {
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + path))
              .timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.ofString());
      return response.statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  public String body(String path) {
    try {
      return HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + path)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** SIGKILL, as the kernel's OOM killer or a node failure does: no shutdown hook, no clean-up. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("operator " + process.pid() + " survived SIGKILL");
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Sends SIGTERM and waits up to {@code timeout}; returns the exit code, or -1 if it did not exit. */
  public int terminate(Duration timeout) throws InterruptedException {
    process.destroy(); // SIGTERM on Linux
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      return -1;
    }
    return process.exitValue();
  }

  /**
   * A test class's clean-up, then {@link #close}, even when the clean-up failed: never leave an
   * operator running into the next test class.
   */
  public void closeAfter(Runnable cleanUp) throws InterruptedException {
    try {
      cleanUp.run();
    } finally {
      close();
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
