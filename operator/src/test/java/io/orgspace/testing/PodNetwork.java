package io.orgspace.testing;

import io.fabric8.kubernetes.api.model.Node;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Where the simulated node's pods "are": a network namespace this test run creates, joined to the
 * host by a veth pair, that takes every address of the node's pod range (controlplane/run.sh gives
 * each control plane its own /21 of 198.18.0.0/15) as its own, with an HTTP server
 * ({@link NetnsHttpServer}) on the pods' port. The host routes the pod range into it, so an ingress
 * controller on the host reaches "pods" at their real addresses — and traffic goes nowhere else.
 * The link uses the /30 at the start of the /21 that follows the pod range. Needs root and iproute2.
 */
public final class PodNetwork implements AutoCloseable {
  private final String namespace;
  private final String hostLink;
  private final String podCidr;
  private final Process server;

  private PodNetwork(String namespace, String hostLink, String podCidr, Process server) {
    this.namespace = namespace;
    this.hostLink = hostLink;
    this.podCidr = podCidr;
    this.server = server;
  }

  /** The pod range of the control plane's simulated node (its spec.podCIDR). */
  public static String podCidr() {
    List<Node> nodes = ControlPlane.admin().nodes().list().getItems();
    if (nodes.isEmpty() || nodes.get(0).getSpec().getPodCIDR() == null) {
      throw new IllegalStateException("the control plane has no simulated node with a pod range (controlplane/run.sh up)");
    }
    return nodes.get(0).getSpec().getPodCIDR();
  }

  /** Creates the namespace and link, routes the pod range into it and starts the server on {@code port}. */
  public static PodNetwork start(int port) throws IOException, InterruptedException {
    String cidr = podCidr();
    if (!cidr.endsWith("/21") || !cidr.startsWith("198.1")) {
      throw new IllegalStateException("unexpected pod range " + cidr + ": traffic goes only to 198.18.0.0/15");
    }
    byte[] base = InetAddress.getByName(cidr.substring(0, cidr.indexOf('/'))).getAddress();
    long start = ((base[0] & 0xffL) << 24) | ((base[1] & 0xffL) << 16) | ((base[2] & 0xffL) << 8) | (base[3] & 0xffL);
    String hostAddress = address(start + 2048 + 1);
    String podSideAddress = address(start + 2048 + 2);
    String id = UUID.randomUUID().toString().substring(0, 6);
    String namespace = "orgspace-pods-" + id;
    String hostLink = "ospods" + id + "h";
    String podLink = "ospods" + id + "p";
    try {
      ip("netns", "add", namespace);
      ip("link", "add", hostLink, "type", "veth", "peer", "name", podLink);
      ip("link", "set", podLink, "netns", namespace);
      ip("addr", "add", hostAddress + "/30", "dev", hostLink);
      ip("link", "set", hostLink, "up");
      ip("-n", namespace, "addr", "add", podSideAddress + "/30", "dev", podLink);
      ip("-n", namespace, "link", "set", podLink, "up");
      ip("-n", namespace, "link", "set", "lo", "up");
      // Every address of the pod range is the namespace's own: one server answers for every pod.
      ip("-n", namespace, "route", "add", "local", cidr, "dev", "lo");
      ip("route", "add", cidr, "via", podSideAddress, "dev", hostLink);
    } catch (IOException | RuntimeException e) {
      cleanUp(namespace, hostLink);
      throw e;
    }
    Process server = new ProcessBuilder(List.of("ip", "netns", "exec", namespace,
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m", "-cp", classpath(),
        NetnsHttpServer.class.getName(), Integer.toString(port)))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    PodNetwork network = new PodNetwork(namespace, hostLink, cidr, server);
    Poll.until(Duration.ofSeconds(30), "the pod network's server", () -> {
      if (!server.isAlive()) {
        throw new IllegalStateException("the pod network's server exited with " + server.exitValue());
      }
      return network.answers(podSideAddress, port);
    });
    return network;
  }

  public String podCidrOfNode() {
    return podCidr;
  }

  private boolean answers(String address, int port) {
    try (var socket = new java.net.Socket()) {
      socket.connect(new java.net.InetSocketAddress(address, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String classpath() {
    try {
      return Path.of(NetnsHttpServer.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String address(long value) {
    return ((value >> 24) & 0xff) + "." + ((value >> 16) & 0xff) + "." + ((value >> 8) & 0xff) + "." + (value & 0xff);
  }

  private static void ip(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("ip"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out.strip());
    }
  }

  private static void cleanUp(String namespace, String hostLink) {
    // Deleting one end of the pair deletes both, and the route through it.
    for (String[] command : new String[][] {{"link", "del", hostLink}, {"netns", "del", namespace}}) {
      try {
        ip(command);
      } catch (IOException | RuntimeException e) {
        // already gone
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    server.destroy();
    if (!server.waitFor(5, TimeUnit.SECONDS)) {
      server.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
    cleanUp(namespace, hostLink);
  }
}
