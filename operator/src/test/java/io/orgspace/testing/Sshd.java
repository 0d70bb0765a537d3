package io.orgspace.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH sshd on loopback, configured from an environment's trust bundle files the way a
 * sidecar mounts them. sshd reads those files at each login, so rewriting them needs no restart.
 */
public final class Sshd implements AutoCloseable {
  private final Path dir;
  private final int port;
  private final Process process;

  private Sshd(Path dir, int port, Process process) {
    this.dir = dir;
    this.port = port;
    this.process = process;
  }

  /** Starts sshd trusting the bundle files that {@link #writeBundle} puts into {@code dir}. */
  public static Sshd start(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path hostKey = dir.resolve("host_ed25519");
    run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", hostKey.toString()));
    int port = freePort();
    Path config = dir.resolve("sshd_config");
    Files.writeString(config, """
        Port %d
        ListenAddress 127.0.0.1
        HostKey %s
        PidFile %s
        TrustedUserCAKeys %s
        AuthorizedPrincipalsFile %s
        RevokedKeys %s
        AuthorizedKeysFile none
        PasswordAuthentication no
        KbdInteractiveAuthentication no
        UsePAM no
        StrictModes no
        PermitRootLogin prohibit-password
        LogLevel VERBOSE
        """.formatted(port, hostKey, dir.resolve("sshd.pid"), dir.resolve("trusted-user-ca-keys.pub"),
        dir.resolve("authorized-principals"), dir.resolve("revoked-keys.krl")));
    return launch(dir, port, new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", config.toString()));
  }

  /** A free loopback port for {@link #run}. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /**
   * Runs a container's own start command (which ends in sshd listening on {@code port} of
   * loopback), with its environment; its output goes to the log in {@code dir}.
   */
  public static Sshd run(Path dir, List<String> command, Map<String, String> environment, int port) throws IOException {
    Files.createDirectories(dir);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    return launch(dir, port, builder);
  }

  private static Sshd launch(Path dir, int port, ProcessBuilder builder) throws IOException {
    Path privsep = Path.of("/run/sshd");
    if (!Files.exists(privsep)) {
      try {
        Files.createDirectories(privsep);
      } catch (IOException ignored) {
        // not root: sshd then runs without privilege separation and logs in only this user
      }
    }
    Process process = builder.redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
    Sshd sshd = new Sshd(dir, port, process);
    Poll.until(Duration.ofSeconds(20), "sshd listening on " + port, () -> {
      try (var ignored = new java.net.Socket("127.0.0.1", port)) {
        return true;
      } catch (IOException e) {
        if (!process.isAlive()) {
          throw new IllegalStateException("sshd exited: " + sshd.log());
        }
        return false;
      }
    });
    return sshd;
  }

  /** Writes the bundle's files (ConfigMap data, KRL bytes) where sshd reads them. */
  public void writeBundle(Map<String, String> data, byte[] revocationList) throws IOException {
    for (var entry : data.entrySet()) {
      Files.writeString(dir.resolve(entry.getKey() + ".tmp"), entry.getValue());
      Files.move(dir.resolve(entry.getKey() + ".tmp"), dir.resolve(entry.getKey()),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
    Files.write(dir.resolve("revoked-keys.krl"), revocationList);
  }

  /** Runs {@code command} over ssh with a key and its certificate; the exit code and output. */
  public Login login(Path privateKey, String certificate, String command) throws IOException {
    Path key = dir.resolve("client-" + System.nanoTime());
    Files.copy(privateKey, key);
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    Path cert = Path.of(key + "-cert.pub");
    Files.writeString(cert, certificate.strip() + "\n");
    List<String> ssh = List.of("ssh", "-F", "/dev/null", "-i", key.toString(), "-o", "CertificateFile=" + cert,
        "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none", "-o", "BatchMode=yes",
        "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
        "-o", "PreferredAuthentications=publickey", "-o", "ConnectTimeout=10",
        "-p", Integer.toString(port), System.getProperty("user.name") + "@127.0.0.1", command);
    return run(ssh);
  }

  public record Login(int exit, String output) {
    public boolean succeeded() {
      return exit == 0;
    }
  }

  public String log() {
    try {
      return Files.readString(dir.resolve("sshd.log"));
    } catch (IOException e) {
      return "";
    }
  }

  private static Login run(List<String> command) throws IOException {
    Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(command.get(0) + " did not finish");
      }
      return new Login(process.exitValue(), output);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
