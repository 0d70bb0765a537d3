package io.orgspace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Certificates made by OpenSSH's ssh-keygen, read back: which key they certify and what they say. */
class SshCertificateTest {
  @TempDir Path dir;

  private void keygen(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("ssh-keygen", "-q"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertEquals(0, process.waitFor(), output);
  }

  private Path certify(String name, String... type) throws Exception {
    if (!Files.exists(dir.resolve("ca"))) {
      keygen("-t", "ed25519", "-N", "", "-f", dir.resolve("ca").toString());
    }
    List<String> args = new java.util.ArrayList<>(List.of("-t"));
    args.addAll(List.of(type));
    args.addAll(List.of("-N", "", "-C", name, "-f", dir.resolve(name).toString()));
    keygen(args.toArray(String[]::new));
    keygen("-s", dir.resolve("ca").toString(), "-I", "acme/" + name + "/42", "-n", name + "@acme.example,deploy",
        "-V", "+1h", "-z", "42", dir.resolve(name + ".pub").toString());
    return dir.resolve(name + "-cert.pub");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ed25519", "ecdsa", "rsa"})
  void readsWhatSshKeygenSignedAndFindsTheKeyItCertifies(String type) throws Exception {
    Path certificateFile = certify("bob-" + type, type);
    certify("other-" + type, type);
    SshCertificate certificate = SshCertificate.parse(Files.readString(certificateFile));

    assertEquals(42, certificate.serial());
    assertEquals("acme/bob-" + type + "/42", certificate.keyId());
    assertEquals(List.of("bob-" + type + "@acme.example", "deploy"), certificate.principals());
    assertTrue(Duration.between(Instant.now(), certificate.validBefore()).toMinutes() >= 58);
    assertTrue(certificate.certifies(Files.readString(dir.resolve("bob-" + type + ".pub"))));
    assertFalse(certificate.certifies(Files.readString(dir.resolve("other-" + type + ".pub"))));

    Files.delete(certificateFile);
    Files.delete(dir.resolve("other-" + type + "-cert.pub"));
    assertEquals(Optional.of(dir.resolve("bob-" + type)), SshCommands.matchingKey(dir, certificate));
  }

  @Test
  void refusesWhatIsNotACertificate() throws Exception {
    certify("carol", "ed25519");
    String publicKey = Files.readString(dir.resolve("carol.pub"));
    assertThrows(IllegalArgumentException.class, () -> SshCertificate.parse(publicKey));
    String certificate = Files.readString(dir.resolve("carol-cert.pub"));
    String truncated = certificate.substring(0, certificate.indexOf(' ') + 60);
    assertThrows(IllegalArgumentException.class, () -> SshCertificate.parse(truncated));
  }
}
