package io.orgspace.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The built plugin jar run as its own process, with a home, cache and kubeconfig of the test's. */
final class PluginProcess {
  record Result(int exit, String out, String err) {}

  private final Path home;

  PluginProcess(Path home) {
    this.home = home;
  }

  Path kubeconfig() {
    return home.resolve(".kube/config");
  }

  Process start(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Duser.home=" + home, "-jar", System.getProperty("orgspace.cli.jar", "target/kubectl-orgspace.jar")));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> environment = builder.environment();
    environment.put("HOME", home.toString());
    environment.put("KUBECONFIG", kubeconfig().toString());
    environment.put("XDG_CACHE_HOME", home.resolve(".cache").toString());
    return builder.start();
  }

  Result run(String... args) throws Exception {
    Process process = start(args);
    return finish(process, "");
  }

  static Result finish(Process process, String errSoFar) throws Exception {
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("the plugin did not finish");
    }
    return new Result(process.exitValue(), out.get(), errSoFar + err.get());
  }

  /** Reads standard error up to a line starting with the prefix; returns all lines read. */
  static List<String> readErrUntil(Process process, String prefix) throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
    List<String> lines = new ArrayList<>();
    String line;
    while ((line = reader.readLine()) != null) {
      lines.add(line);
      if (line.startsWith(prefix)) {
        return lines;
      }
    }
    throw new IllegalStateException("the plugin printed no line starting with " + prefix + ": " + lines);
  }

  private static String read(java.io.InputStream stream) {
    try {
      return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
