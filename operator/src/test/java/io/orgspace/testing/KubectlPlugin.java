package io.orgspace.testing;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The {@code kubectl-orgspace} plugin (module cli, built before the operator) run as its own
 * process by one person: a home directory with a kubeconfig whose user authenticates with a client
 * certificate the control plane's CA signs for that user name and groups, so the API server
 * authenticates the plugin exactly as that person, without impersonation.
 */
public final class KubectlPlugin {
  public record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
  }

  private final Path home;
  private final List<String> javaOptions = new ArrayList<>();

  private KubectlPlugin(Path home) {
    this.home = home;
  }

  /** A person {@code user} in {@code groups}, their home under {@code dir}. */
  public static KubectlPlugin as(Path dir, String user, String... groups) throws IOException {
    Path home = Files.createDirectories(dir.resolve(user.replaceAll("[^a-zA-Z0-9.-]", "_")));
    Path pki = ControlPlane.kubeconfig().getParent().resolve("pki");
    StringBuilder subject = new StringBuilder();
    for (String group : groups) {
      subject.append("/O=").append(group);
    }
    subject.append("/CN=").append(user);
    Path key = home.resolve("client.key");
    Path csr = home.resolve("client.csr");
    Path cert = home.resolve("client.crt");
    openssl("genrsa", "-out", key.toString(), "2048");
    openssl("req", "-new", "-key", key.toString(), "-subj", subject.toString(), "-out", csr.toString());
    openssl("x509", "-req", "-in", csr.toString(), "-CA", pki.resolve("ca.crt").toString(), "-CAkey",
        pki.resolve("ca.key").toString(), "-CAcreateserial", "-CAserial", home.resolve("ca.srl").toString(),
        "-days", "1", "-out", cert.toString());
    return write(home, Map.of(
        "client-certificate-data", base64(Files.readAllBytes(cert)),
        "client-key-data", base64(Files.readAllBytes(key))));
  }

  /** Someone whose kubeconfig holds a bearer token (e.g. one the API server does not accept). */
  public static KubectlPlugin withToken(Path dir, String name, String token) throws IOException {
    return write(Files.createDirectories(dir.resolve(name)), Map.of("token", token));
  }

  @SuppressWarnings("unchecked")
  private static KubectlPlugin write(Path home, Map<String, String> credentials) throws IOException {
    Map<String, Object> admin = Serialization.unmarshal(Files.readString(ControlPlane.kubeconfig()), Map.class);
    Map<String, Object> kubeconfig = new LinkedHashMap<>();
    kubeconfig.put("apiVersion", "v1");
    kubeconfig.put("kind", "Config");
    kubeconfig.put("clusters", admin.get("clusters"));
    String cluster = (String) ((Map<String, Object>) ((List<Object>) admin.get("clusters")).get(0)).get("name");
    kubeconfig.put("users", List.of(Map.of("name", "me", "user", credentials)));
    kubeconfig.put("contexts", List.of(Map.of("name", "work", "context", Map.of("cluster", cluster, "user", "me",
        "namespace", "default"))));
    kubeconfig.put("current-context", "work");
    KubectlPlugin plugin = new KubectlPlugin(home);
    Files.createDirectories(plugin.kubeconfig().getParent());
    Files.writeString(plugin.kubeconfig(), Serialization.asYaml(kubeconfig));
    return plugin;
  }

  public Path home() {
    return home;
  }

  public Path kubeconfig() {
    return home.resolve(".kube/config");
  }

  /** {@code ~/.ssh} of this person. */
  public Path sshDir() throws IOException {
    return Files.createDirectories(home.resolve(".ssh"));
  }

  /** Adds options of the plugin's JVM (e.g. a trust store with an identity provider's CA). */
  public KubectlPlugin javaOptions(String... options) {
    javaOptions.addAll(List.of(options));
    return this;
  }

  public Result run(String... args) throws IOException, InterruptedException {
    Process process = start(args);
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("kubectl-orgspace " + String.join(" ", args) + " did not finish");
    }
    return new Result(process.exitValue(), out.join(), err.join());
  }

  /** Starts the plugin and returns its process (for a command that waits for something, as login does). */
  public Process start(String... args) throws IOException {
    Path jar = ControlPlane.repositoryRoot().resolve("cli/target/kubectl-orgspace.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException("no " + jar + ": build the plugin first (mvn -o -pl cli package)");
    }
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Duser.home=" + home));
    command.addAll(javaOptions);
    command.addAll(List.of("-jar", jar.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("HOME", home.toString());
    builder.environment().put("KUBECONFIG", kubeconfig().toString());
    builder.environment().put("XDG_CACHE_HOME", home.resolve(".cache").toString());
    return builder.start();
  }

  private static void openssl(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = read(process.getInputStream());
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException("openssl " + args[0] + " failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static String read(java.io.InputStream stream) {
    try {
      return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
