package io.orgspace.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real local control plane (controlplane/run.sh), shared by every integration test of a run.
 * {@code up} is idempotent, so a control plane started by {@code make test} is reused.
 */
public final class ControlPlane {
  private static Path kubeconfig;
  private static KubernetesClient admin;

  private ControlPlane() {}

  public static Path repositoryRoot() {
    return Path.of(System.getProperty("orgspace.root", "..")).toAbsolutePath().normalize();
  }

  public static synchronized Path kubeconfig() {
    if (kubeconfig == null) {
      String lastLine = run(List.of(repositoryRoot().resolve("controlplane/run.sh").toString(), "up"));
      if (!lastLine.startsWith("export KUBECONFIG=")) {
        throw new IllegalStateException("controlplane/run.sh up printed no KUBECONFIG: " + lastLine);
      }
      kubeconfig = Path.of(lastLine.substring("export KUBECONFIG=".length()).trim());
    }
    return kubeconfig;
  }

  /** Where kube-apiserver writes its audit log (docs/audit-policy.yaml; controlplane/run.sh). */
  public static Path auditLog() {
    return kubeconfig().getParent().resolve("logs/audit.log");
  }

  /** A client with the control plane's admin (system:masters) identity, CRDs installed. */
  public static synchronized KubernetesClient admin() {
    if (admin == null) {
      admin = clientFor(Config.fromKubeconfig(read(kubeconfig())));
      installCrds(admin);
    }
    return admin;
  }

  /** A client acting as {@code user} in {@code groups}, through impersonation by the admin. */
  public static KubernetesClient as(String user, String... groups) {
    Config config = Config.fromKubeconfig(read(kubeconfig()));
    config.setImpersonateUsername(user);
    config.setImpersonateGroups(groups);
    return clientFor(config);
  }

  private static KubernetesClient clientFor(Config config) {
    config.setRequestTimeout(30_000);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** The CRDs of Gateway API, Envoy Gateway and Traefik (controlplane/extra-crds.sh), installed. */
  public static synchronized void installRoutingCrds() {
    Path dir = Path.of(run(List.of(repositoryRoot().resolve("controlplane/extra-crds.sh").toString())).trim());
    installCrds(admin(), dir);
  }

  /** Runs a script of the repository (e.g. a build script) and returns the last line it printed. */
  public static String runScript(String relativePath) {
    return run(List.of(repositoryRoot().resolve(relativePath).toString())).trim();
  }

  /**
   * Stops kube-apiserver alone and starts it again on the same port, certificates and data
   * ({@code run.sh restart-apiserver}); returns once it is ready.
   */
  public static synchronized void restartApiServer() {
    kubeconfig();
    run(List.of(repositoryRoot().resolve("controlplane/run.sh").toString(), "restart-apiserver"));
  }

  /** The same, kube-apiserver started with {@code extraArgs} added to its flags (until the next restart). */
  public static synchronized void restartApiServer(String extraArgs) {
    kubeconfig();
    run(List.of(repositoryRoot().resolve("controlplane/run.sh").toString(), "restart-apiserver"),
        Map.of("ORGSPACE_APISERVER_EXTRA_ARGS", extraArgs));
  }

  /**
   * The same, kube-apiserver started with {@code environment} added to run.sh's (e.g. the
   * ORGSPACE_OIDC_* variables that make it trust an OpenID Connect issuer), until the next restart.
   */
  public static synchronized void restartApiServer(Map<String, String> environment) {
    kubeconfig();
    run(List.of(repositoryRoot().resolve("controlplane/run.sh").toString(), "restart-apiserver"), environment);
  }

  /** A client that authenticates with a bearer token only (no client certificate, no impersonation). */
  public static KubernetesClient withToken(String token) {
    Config config = Config.fromKubeconfig(read(kubeconfig()));
    config.setClientCertData(null);
    config.setClientKeyData(null);
    config.setClientCertFile(null);
    config.setClientKeyFile(null);
    config.setOauthToken(token);
    return clientFor(config);
  }

  /** Applies every CRD in crds/ and waits until each is established. */
  public static void installCrds(KubernetesClient client) {
    installCrds(client, repositoryRoot().resolve("crds"));
  }

  private static void installCrds(KubernetesClient client, Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        CustomResourceDefinition crd = client.getKubernetesSerialization()
            .unmarshal(read(file), CustomResourceDefinition.class);
        client.resource(crd).fieldManager("orgspace-tests").forceConflicts().serverSideApply();
        client.resource(crd).waitUntilCondition(ControlPlane::established, 60, java.util.concurrent.TimeUnit.SECONDS);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean established(CustomResourceDefinition crd) {
    return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  public static <T extends HasMetadata> T load(Class<T> type, String yaml) {
    return admin().getKubernetesSerialization().unmarshal(yaml, type);
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String run(List<String> command) {
    return run(command, Map.of());
  }

  private static String run(List<String> command, Map<String, String> environment) {
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
      builder.environment().putAll(environment);
      Process process = builder.start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(Duration.ofMinutes(60).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
          || process.exitValue() != 0) {
        throw new IllegalStateException(command + " failed: " + out);
      }
      String[] lines = out.strip().split("\n");
      return lines[lines.length - 1];
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
