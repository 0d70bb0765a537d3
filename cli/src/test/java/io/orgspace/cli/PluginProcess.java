package io.orgspace.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

  /**
   * kubectl started with the plugin installed the way the docs say (launcher scripts and jar in
   * one directory on the PATH). kubectl is the one the local control plane built, so the test does
   * not depend on one installed on the machine.
   */
  ProcessBuilder kubectl(String... args) throws IOException {
    Path bin = Files.createDirectories(home.resolve("bin"));
    for (String script : List.of("kubectl-orgspace", "kubectl_complete-orgspace")) {
      Files.copy(Path.of(script), bin.resolve(script), StandardCopyOption.REPLACE_EXISTING);
    }
    Files.copy(Path.of(System.getProperty("orgspace.cli.jar")), bin.resolve("kubectl-orgspace.jar"),
        StandardCopyOption.REPLACE_EXISTING);
    String controlPlane = System.getenv().getOrDefault("ORGSPACE_CONTROLPLANE_DIR",
        Path.of(System.getProperty("user.home"), ".cache/orgspace/run").toString());
    Path builtKubectl = Path.of(controlPlane, "bin", "kubectl");
    List<String> command = new ArrayList<>(List.of(Files.isExecutable(builtKubectl) ? builtKubectl.toString() : "kubectl"));
    command.addAll(List.of(args));
    ProcessBuilder kubectl = new ProcessBuilder(command);
    kubectl.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    kubectl.environment().put("HOME", home.toString());
    kubectl.environment().put("KUBECONFIG", kubeconfig().toString());
    kubectl.environment().put("XDG_CACHE_HOME", home.resolve(".cache").toString());
    return kubectl;
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
