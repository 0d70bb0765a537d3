package io.orgspace.cli;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ssh-cert [--write]} and {@code ssh ENV}. */
final class SshCommands {
  /** The operator names each member's certificate Secret {@code orgspace-ssh-<membership>}. */
  static final String CERTIFICATE_SECRET_PREFIX = "orgspace-ssh-";

  private SshCommands() {}

  /** A certificate of the caller, and the local key it certifies (if any). */
  record Found(SshCertificate certificate, String secret, Path key) {
    Path certificateFile() {
      return key == null ? null : key.resolveSibling(key.getFileName() + "-cert.pub");
    }
  }

  static final class SshDirOption {
    @Option(names = "--ssh-dir", description = "where your keys are (default: ~/.ssh)")
    Path sshDir;

    Path dir() {
      return sshDir != null ? sshDir : Path.of(System.getProperty("user.home"), ".ssh");
    }
  }

  /**
   * The caller's certificates in an organization: the Secrets the caller may read by name whose
   * name is a certificate Secret's (the operator lets each member read their own and no other).
   */
  static List<Found> certificates(Cluster connection, GenericKubernetesResource organization, Path sshDir) {
    String home = Cluster.homeNamespace(organization);
    List<Found> found = new ArrayList<>();
    for (String name : connection.readableSecretNames(home)) {
      if (!name.startsWith(CERTIFICATE_SECRET_PREFIX)) {
        continue;
      }
      Secret secret = Cluster.call(() -> connection.client().secrets().inNamespace(home).withName(name).get());
      if (secret == null || secret.getData() == null) {
        continue;
      }
      for (Map.Entry<String, String> entry : new java.util.TreeMap<>(secret.getData()).entrySet()) {
        if (!entry.getKey().endsWith("-cert.pub")) {
          continue;
        }
        SshCertificate certificate = SshCertificate.parse(
            new String(Base64.getDecoder().decode(entry.getValue()), StandardCharsets.UTF_8));
        found.add(new Found(certificate, name + "/" + entry.getKey(), matchingKey(sshDir, certificate).orElse(null)));
      }
    }
    return found;
  }

  /** The private key next to a {@code .pub} file in the directory whose public key the certificate certifies. */
  static Optional<Path> matchingKey(Path sshDir, SshCertificate certificate) {
    if (!Files.isDirectory(sshDir)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(sshDir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".pub") && !f.getFileName().toString().endsWith("-cert.pub"))
          .sorted()
          .filter(f -> {
            try {
              return certificate.certifies(Files.readString(f));
            } catch (IOException e) {
              return false;
            }
          })
          .map(f -> f.resolveSibling(f.getFileName().toString().replaceFirst("\\.pub$", "")))
          .findFirst();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Command(name = "ssh-cert", description = "Your SSH certificates of the current organization; --write puts each "
      + "next to its key as <key>-cert.pub, where OpenSSH finds it.")
  static final class SshCert implements Callable<Integer> {
    @Mixin Output output;
    @Mixin Cluster.Options cluster;
    @Mixin EnvCommands.OrgOption org;
    @Mixin SshDirOption ssh;
    @Option(names = "--write", description = "write each certificate next to its matching private key") boolean write;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      try (Cluster connection = Cluster.connect(cluster)) {
        List<Found> found = certificates(connection, connection.currentOrganization(org.org), ssh.dir());
        if (found.isEmpty()) {
          throw CliException.notFound("you have no SSH certificate in this organization: list your public keys in your "
              + "Membership (spec.sshPublicKeys); members through SSO groups or owners have none");
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Found certificate : found) {
          Path file = certificate.certificateFile();
          if (write && file != null) {
            Files.writeString(file, certificate.certificate().line() + "\n");
          }
          rows.add(Output.row("key", certificate.key() == null ? null : certificate.key().toString(),
              "certificate", write && file != null ? file.toString() : null,
              "serial", Long.toUnsignedString(certificate.certificate().serial()),
              "principals", certificate.certificate().principals(),
              "validBefore", certificate.certificate().validBefore().toString(),
              "secret", certificate.secret(),
              "content", output.format == Output.Format.table ? null : certificate.certificate().line()));
        }
        output.rows(spec.commandLine().getOut(), rows, "key", "certificate", "serial", "principals", "validBefore");
        if (write && found.stream().anyMatch(f -> f.key() == null)) {
          spec.commandLine().getErr().println("some certificates match no key in " + ssh.dir() + " and were not written");
        }
        return 0;
      }
    }
  }

  @Command(name = "ssh", description = "SSH into an environment's sshd sidecar through `kubectl port-forward`, "
      + "with your certificate (fetched first).")
  static final class Ssh implements Callable<Integer> {
    private static final Pattern FORWARDING = Pattern.compile("Forwarding from 127\\.0\\.0\\.1:(\\d+)");

    @Mixin Cluster.Options cluster;
    @Mixin EnvCommands.OrgOption org;
    @Mixin SshDirOption ssh;
    @Parameters(index = "0", paramLabel = "ENV") String name;
    @Parameters(index = "1..*", paramLabel = "SSH_ARGS", description = "more arguments for ssh (after --)") List<String> sshArgs;
    /** The user and port of the sshd sidecar that {@code previews.ssh} adds (uid 1000 of its image, port 2222). */
    static final String SIDECAR_LOGIN = "app";
    static final String SIDECAR_PORT = "2222";

    @Option(names = {"-l", "--login"}, defaultValue = SIDECAR_LOGIN,
        description = "the sidecar's login user (default " + SIDECAR_LOGIN + ", the default sidecar image's)") String login;
    @Option(names = "--port", defaultValue = SIDECAR_PORT,
        description = "the sidecar's SSH port in the pod (default " + SIDECAR_PORT + ")") int port;
    @Option(names = "--pod", description = "the pod (default: the first running pod of the environment)") String pod;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      String namespace;
      String podName;
      Found certificate;
      try (Cluster connection = Cluster.connect(cluster)) {
        GenericKubernetesResource environment = EnvCommands.environment(connection, org.org, name);
        namespace = Cluster.Fields.text(environment.getAdditionalProperties(), "status", "namespace");
        if (namespace == null) {
          throw CliException.notFound("environment " + name + " has no namespace yet");
        }
        podName = pod != null ? pod : Cluster.call(() -> connection.client().pods().inNamespace(namespace).list())
            .getItems().stream().filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
            .map(Pod::getMetadata).map(m -> m.getName()).sorted().findFirst()
            .orElseThrow(() -> CliException.notFound("environment " + name + " has no running pod"));
        certificate = certificates(connection, connection.currentOrganization(org.org), ssh.dir()).stream()
            .filter(f -> f.key() != null).findFirst()
            .orElseThrow(() -> CliException.notFound("none of your certificates matches a key in " + ssh.dir()));
      }
      Files.writeString(certificate.certificateFile(), certificate.certificate().line() + "\n");
      List<String> forward = new ArrayList<>(List.of("kubectl", "port-forward", "-n", namespace, "pod/" + podName,
          "--address", "127.0.0.1", ":" + port));
      if (cluster.context != null) {
        forward.addAll(List.of("--context", cluster.context));
      }
      Process forwarder = new ProcessBuilder(forward).redirectErrorStream(true).start();
      try {
        BufferedReader lines = new BufferedReader(new InputStreamReader(forwarder.getInputStream(), StandardCharsets.UTF_8));
        String line;
        String localPort = null;
        while (localPort == null && (line = lines.readLine()) != null) {
          Matcher matcher = FORWARDING.matcher(line);
          if (matcher.find()) {
            localPort = matcher.group(1);
          }
        }
        if (localPort == null) {
          throw new CliException(CliException.UNREACHABLE, "kubectl port-forward to " + namespace + "/" + podName + " failed");
        }
        List<String> command = new ArrayList<>(List.of("ssh", "-p", localPort,
            "-i", certificate.key().toString(), "-o", "CertificateFile=" + certificate.certificateFile(),
            "-o", "HostKeyAlias=" + name + "." + namespace + ".orgspace"));
        if (login != null) {
          command.addAll(List.of("-l", login));
        }
        command.add("127.0.0.1");
        if (sshArgs != null) {
          command.addAll(sshArgs);
        }
        return new ProcessBuilder(command).inheritIO().start().waitFor();
      } finally {
        forwarder.destroy();
      }
    }
  }
}
