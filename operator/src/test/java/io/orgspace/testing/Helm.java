package io.orgspace.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * helm, built from the Go module proxy by controlplane/helm/build.sh (cached), run against the
 * local control plane with its own config, cache and data directories under target/.
 */
public final class Helm {
  private static Path binary;

  private Helm() {}

  public record Result(int exitCode, String out, String err) {
    public Result orThrow(List<String> args) {
      if (exitCode != 0) {
        throw new IllegalStateException("helm " + String.join(" ", args) + " exited " + exitCode + ":\n" + err + out);
      }
      return this;
    }
  }

  public static synchronized Path binary() {
    if (binary == null) {
      Path script = ControlPlane.repositoryRoot().resolve("controlplane/helm/build.sh");
      Result built = exec(List.of(script.toString()), Map.of());
      if (built.exitCode() != 0) {
        throw new IllegalStateException("controlplane/helm/build.sh failed:\n" + built.err());
      }
      String[] lines = built.out().strip().split("\n");
      binary = Path.of(lines[lines.length - 1]);
    }
    return binary;
  }

  /** The chart's directory. */
  public static Path chart() {
    return ControlPlane.repositoryRoot().resolve("helm/orgspace");
  }

  /** Runs helm with the admin kubeconfig of the local control plane; fails unless it exits 0. */
  public static String run(String... args) {
    return run(List.of(args)).out();
  }

  public static Result run(List<String> args) {
    return attempt(args).orThrow(args);
  }

  /** Runs helm and returns whatever it answered. */
  public static Result attempt(List<String> args) {
    Path home = ControlPlane.repositoryRoot().resolve("operator/target/helm-home");
    List<String> command = new ArrayList<>();
    command.add(binary().toString());
    command.addAll(args);
    return exec(command, Map.of(
        "KUBECONFIG", ControlPlane.kubeconfig().toString(),
        "HELM_CONFIG_HOME", home.resolve("config").toString(),
        "HELM_CACHE_HOME", home.resolve("cache").toString(),
        "HELM_DATA_HOME", home.resolve("data").toString()));
  }

  private static Result exec(List<String> command, Map<String, String> env) {
    try {
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().putAll(env);
      Process process = builder.start();
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
      String out = read(process.getInputStream());
      // A cold build of helm takes a few minutes; helm itself answers in seconds.
      if (!process.waitFor(30, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException(command + " did not finish");
      }
      return new Result(process.exitValue(), out, err.join());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String read(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Writes a values file under target/ and returns its path. */
  public static Path valuesFile(String name, String yaml) {
    try {
      Path dir = ControlPlane.repositoryRoot().resolve("operator/target/helm-values");
      Files.createDirectories(dir);
      Path file = dir.resolve(name);
      Files.writeString(file, yaml);
      return file;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
