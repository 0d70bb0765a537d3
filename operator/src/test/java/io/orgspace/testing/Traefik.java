package io.orgspace.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real Traefik (controlplane/traefik/build.sh) as a process on loopback, with its Kubernetes
 * Ingress, CRD and Gateway API providers against the local API server, acting as a ServiceAccount
 * bound to the ClusterRoles of Traefik's documentation. It serves one IngressClass and one Gateway
 * of its own (names unique per start), so it routes only what a test points at it. Needs the routing
 * CRDs ({@link ControlPlane#installRoutingCrds()}).
 */
public final class Traefik implements AutoCloseable {
  private final KubernetesClient admin;
  private final Process process;
  private final Path dir;
  private final int port;
  private final String id;
  private final List<HasMetadata> objects;

  private Traefik(KubernetesClient admin, Process process, Path dir, int port, String id, List<HasMetadata> objects) {
    this.admin = admin;
    this.process = process;
    this.dir = dir;
    this.port = port;
    this.id = id;
    this.objects = objects;
  }

  /** The rules of docs/content/reference/dynamic-configuration/kubernetes-{crd,gateway}-rbac.yml (v3.7). */
  private static final String RBAC = """
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata: {name: %1$s}
      rules:
      - apiGroups: [""]
        resources: [services, secrets, nodes, configmaps]
        verbs: [get, list, watch]
      - apiGroups: [""]
        resources: [pods]
        verbs: [get]
      - apiGroups: [""]
        resources: [namespaces]
        verbs: [list, watch]
      - apiGroups: [discovery.k8s.io]
        resources: [endpointslices]
        verbs: [list, watch]
      - apiGroups: [extensions, networking.k8s.io]
        resources: [ingresses, ingressclasses]
        verbs: [get, list, watch]
      - apiGroups: [extensions, networking.k8s.io]
        resources: [ingresses/status]
        verbs: [update]
      - apiGroups: [traefik.io]
        resources: [middlewares, middlewaretcps, ingressroutes, traefikservices, ingressroutetcps, ingressrouteudps,
          tlsoptions, tlsstores, serverstransports, serverstransporttcps]
        verbs: [get, list, watch]
      - apiGroups: [gateway.networking.k8s.io]
        resources: [gatewayclasses, gateways, httproutes, grpcroutes, tcproutes, tlsroutes, referencegrants,
          backendtlspolicies]
        verbs: [get, list, watch]
      - apiGroups: [gateway.networking.k8s.io]
        resources: [gatewayclasses/status, gateways/status, httproutes/status, grpcroutes/status, tcproutes/status,
          tlsroutes/status, referencegrants/status, backendtlspolicies/status]
        verbs: [update]
      """;

  public static Traefik start() throws IOException {
    KubernetesClient admin = ControlPlane.admin();
    String binary = ControlPlane.runScript("controlplane/traefik/build.sh");
    String id = UUID.randomUUID().toString().substring(0, 6);
    String name = "orgspace-traefik-" + id;
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    List<HasMetadata> objects = new ArrayList<>();
    objects.add(apply(admin, "apiVersion: v1\nkind: Namespace\nmetadata: {name: " + name + "}\n"));
    apply(admin, "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: traefik, namespace: " + name + "}\n");
    objects.add(apply(admin, RBAC.formatted(name)));
    objects.add(apply(admin, """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: %1$s}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: %1$s}
        subjects: [{kind: ServiceAccount, name: traefik, namespace: %1$s}]
        """.formatted(name)));
    objects.add(apply(admin, """
        apiVersion: networking.k8s.io/v1
        kind: IngressClass
        metadata: {name: %s}
        spec: {controller: traefik.io/ingress-controller}
        """.formatted(name)));
    objects.add(apply(admin, """
        apiVersion: gateway.networking.k8s.io/v1
        kind: GatewayClass
        metadata: {name: %s}
        spec: {controllerName: traefik.io/gateway-controller}
        """.formatted(name)));
    // The listener's port is the entry point's: that is how Traefik maps a Gateway listener.
    apply(admin, """
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: public, namespace: %1$s}
        spec:
          gatewayClassName: %1$s
          listeners:
          - {name: web, protocol: HTTP, port: %2$d, allowedRoutes: {namespaces: {from: All}}}
        """.formatted(name, port));

    Path dir = Files.createTempDirectory("orgspace-traefik");
    String token = admin.serviceAccounts().inNamespace(name).withName("traefik")
        .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(7200L).endSpec().build())
        .getStatus().getToken();
    Files.writeString(dir.resolve("token"), token);
    Files.write(dir.resolve("ca.crt"), Base64.getDecoder().decode(admin.getConfiguration().getCaCertData()));
    String server = admin.getConfiguration().getMasterUrl().replaceAll("/$", "");
    List<String> command = new ArrayList<>(List.of(binary,
        "--global.checkNewVersion=false", "--global.sendAnonymousUsage=false", "--log.level=INFO",
        "--entryPoints.web.address=127.0.0.1:" + port,
        "--providers.kubernetesIngress.ingressClass=" + name,
        // A route whose Service has no ready pod answers 503 rather than vanishing (404).
        "--providers.kubernetesIngress.allowEmptyServices=true",
        "--providers.kubernetesGateway=true"));
    for (String provider : List.of("kubernetesIngress", "kubernetesCRD", "kubernetesGateway")) {
      command.add("--providers." + provider + ".endpoint=" + server);
      command.add("--providers." + provider + ".token=" + dir.resolve("token"));
      command.add("--providers." + provider + ".certAuthFilePath=" + dir.resolve("ca.crt"));
    }
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("traefik.log").toFile());
    // A kubeconfig or in-cluster variables would win over endpoint and token.
    builder.environment().keySet().removeIf(k -> k.equals("KUBECONFIG") || k.startsWith("KUBERNETES_"));
    Traefik traefik = new Traefik(admin, builder.start(), dir, port, name, objects);
    Poll.until(Duration.ofSeconds(60), "Traefik listening on " + port, traefik::listening);
    return traefik;
  }

  private static HasMetadata apply(KubernetesClient admin, String yaml) {
    HasMetadata object = admin.getKubernetesSerialization().unmarshal(yaml);
    return admin.resource(object).fieldManager("orgspace-tests").forceConflicts().serverSideApply();
  }

  private boolean listening() {
    if (!process.isAlive()) {
      throw new IllegalStateException("Traefik exited with " + process.exitValue() + ": " + log());
    }
    try (Socket socket = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Where to send requests: http://127.0.0.1:port (the Host header picks the preview). */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public String ingressClass() {
    return id;
  }

  /** {@code <namespace>/<name>} of its Gateway, as ORGSPACE_GATEWAY takes it. */
  public String gateway() {
    return id + "/public";
  }

  public String log() {
    try {
      String text = Files.readString(dir.resolve("traefik.log"), StandardCharsets.UTF_8);
      return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
    for (int i = objects.size() - 1; i >= 0; i--) {
      admin.resource(objects.get(i)).delete();
    }
  }
}
