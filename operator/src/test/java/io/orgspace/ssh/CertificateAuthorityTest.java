package io.orgspace.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CA and its certificates, read back by OpenSSH's own ssh-keygen. */
class CertificateAuthorityTest {
  @TempDir Path dir;

  @Test
  void issuedCertificateCarriesTheRequestedFieldsAsSshKeygenReadsThem() throws Exception {
    Path user = SshKeygen.generate(dir, "user", "ed25519");
    CertificateAuthority ca = CertificateAuthority.generate();
    var accepted = SshPublicKeys.judge(1, Files.readString(user.resolveSibling("user.pub"))).accepted();
    Instant now = Instant.parse("2026-11-23T10:00:00Z");
    String line = ca.sign(new CertificateAuthority.UserCertificateRequest(accepted.key(), "bob@acme.example",
        "acme/bob/42", 42, now.minus(1, ChronoUnit.MINUTES), now.plus(16, ChronoUnit.HOURS), false));
    Path cert = dir.resolve("user-cert.pub");
    Files.writeString(cert, line + "\n");

    String listing = SshKeygen.run("-L", "-f", cert.toString());
    assertTrue(listing.contains("Type: ssh-ed25519-cert-v01@openssh.com user certificate"), listing);
    assertTrue(listing.contains("Key ID: \"acme/bob/42\""), listing);
    assertTrue(listing.contains("Serial: 42"), listing);
    assertTrue(listing.contains("Valid: from 2026-11-23T09:59:00 to 2026-11-24T02:00:00")
        || listing.contains("Valid: from 2026-11-23T"), listing);
    assertTrue(listing.matches("(?s).*Principals: \\n\\s+bob@acme.example\\n.*"), listing);
    assertTrue(listing.matches("(?s).*Extensions: \\n\\s+permit-pty\\n.*"), listing);
    assertTrue(listing.contains("Signing CA: ED25519 SHA256:"), listing);
  }

  @Test
  void portForwardingOnlyWhenThePolicySaysSo() throws Exception {
    Path user = SshKeygen.generate(dir, "user", "ecdsa");
    CertificateAuthority ca = CertificateAuthority.generate();
    var key = SshPublicKeys.judge(1, Files.readString(user.resolveSibling("user.pub"))).accepted().key();
    Instant now = Instant.now();
    String line = ca.sign(new CertificateAuthority.UserCertificateRequest(key, "carol", "acme/carol/7", 7,
        now.minusSeconds(60), now.plusSeconds(3600), true));
    Files.writeString(dir.resolve("c-cert.pub"), line + "\n");
    String listing = SshKeygen.run("-L", "-f", dir.resolve("c-cert.pub").toString());
    assertTrue(listing.contains("permit-port-forwarding"), listing);
  }

  @Test
  void emptyPrincipalIsNeverSigned() {
    CertificateAuthority ca = CertificateAuthority.generate();
    assertThrows(IllegalArgumentException.class, () -> ca.sign(new CertificateAuthority.UserCertificateRequest(
        ca.publicKey(), " ", "x", 1, Instant.now(), Instant.now().plusSeconds(60), false)));
  }

  @Test
  void privateKeyFileRoundTripsAndIsReadableBySshKeygen() throws Exception {
    CertificateAuthority ca = CertificateAuthority.generate();
    byte[] file = ca.privateKeyFile();
    CertificateAuthority again = CertificateAuthority.fromPrivateKeyFile(file);
    assertEquals(ca.publicKeyLine(null), again.publicKeyLine(null));
    Path keyFile = dir.resolve("ca");
    Files.write(keyFile, file);
    Files.setPosixFilePermissions(keyFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    assertEquals(ca.publicKeyLine(null).split(" ")[1], SshKeygen.run("-y", "-f", keyFile.toString()).split(" ")[1].strip());
  }

  @Test
  void keysAreJudgedByTypeAndSize() throws Exception {
    assertNotNull(SshPublicKeys.judge(1, Files.readString(
        SshKeygen.generate(dir, "ed", "ed25519").resolveSibling("ed.pub"))).accepted());
    assertNotNull(SshPublicKeys.judge(1, Files.readString(
        SshKeygen.generate(dir, "rsa3072", "rsa", "-b", "3072").resolveSibling("rsa3072.pub"))).accepted());
    var small = SshPublicKeys.judge(2, Files.readString(
        SshKeygen.generate(dir, "rsa2048", "rsa", "-b", "2048").resolveSibling("rsa2048.pub")));
    assertNull(small.accepted());
    assertEquals("SSH key 2 is an RSA key of 2048 bits; RSA keys need 3072 bits or more", small.refused().reason());
    assertNotNull(SshPublicKeys.judge(3, "ssh-ed25519 bm90IGEga2V5").refused());
    assertNotNull(SshPublicKeys.judge(4, "garbage").refused());
  }

  @Test
  void revocationListRevokesExactlyTheListedSerialsForSshKeygen() throws Exception {
    Path user = SshKeygen.generate(dir, "user", "ed25519");
    CertificateAuthority ca = CertificateAuthority.generate();
    var key = SshPublicKeys.judge(1, Files.readString(user.resolveSibling("user.pub"))).accepted().key();
    Instant now = Instant.now();
    for (long serial : List.of(1001L, 1002L)) {
      Files.writeString(dir.resolve("c" + serial + "-cert.pub"), ca.sign(new CertificateAuthority.UserCertificateRequest(
          key, "bob", "acme/bob/" + serial, serial, now.minusSeconds(60), now.plusSeconds(600), false)) + "\n");
    }
    Path krl = dir.resolve("revoked.krl");
    Files.write(krl, RevocationList.encode(List.of(ca.publicKey()), List.of(1001L, Long.MAX_VALUE), 1_700_000_000L));
    String revoked = SshKeygen.runAllowingFailure("-Q", "-f", krl.toString(), dir.resolve("c1001-cert.pub").toString());
    String kept = SshKeygen.runAllowingFailure("-Q", "-f", krl.toString(), dir.resolve("c1002-cert.pub").toString());
    assertTrue(revoked.contains("REVOKED"), revoked);
    assertTrue(kept.contains(": ok"), kept);

    Files.write(krl, RevocationList.encode(List.of(ca.publicKey()), List.of(), 1L));
    assertTrue(SshKeygen.runAllowingFailure("-Q", "-f", krl.toString(), dir.resolve("c1001-cert.pub").toString())
        .contains(": ok"));
  }
}
