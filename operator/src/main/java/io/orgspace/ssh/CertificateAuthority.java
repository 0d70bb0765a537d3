package io.orgspace.ssh;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.sshd.certificate.OpenSshCertificateBuilder;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * An organization's SSH user certificate authority: an Ed25519 key pair, kept as an OpenSSH private
 * key file, and the user certificates it signs (Apache MINA SSHD's certificate builder).
 */
public final class CertificateAuthority {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final KeyPair keyPair;
  /** The key file as first written or read: re-encoding would change its random check bytes. */
  private final byte[] privateKeyFile;

  private CertificateAuthority(KeyPair keyPair, byte[] privateKeyFile) {
    this.keyPair = keyPair;
    this.privateKeyFile = privateKeyFile == null ? encode(keyPair) : privateKeyFile.clone();
  }

  public static CertificateAuthority generate() {
    try {
      return new CertificateAuthority(KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256), null);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no Ed25519 key generator", e);
    }
  }

  /** Reads an OpenSSH private key file (unencrypted) as written by {@link #privateKeyFile()}. */
  public static CertificateAuthority fromPrivateKeyFile(byte[] file) {
    try {
      var pairs = SecurityUtils.loadKeyPairIdentities(null, () -> "ca", new ByteArrayInputStream(file), null);
      KeyPair pair = pairs == null ? null : pairs.iterator().next();
      if (pair == null) {
        throw new IllegalStateException("no key pair in the CA key file");
      }
      return new CertificateAuthority(pair, file);
    } catch (java.io.IOException | GeneralSecurityException e) {
      // The exception's message could quote the key material: keep only its type.
      throw new IllegalStateException("the CA key file cannot be read (" + e.getClass().getSimpleName() + ")");
    }
  }

  public byte[] privateKeyFile() {
    return privateKeyFile.clone();
  }

  private static byte[] encode(KeyPair keyPair) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(keyPair, "orgspace-ssh-ca", null, out);
      return out.toByteArray();
    } catch (java.io.IOException | GeneralSecurityException e) {
      throw new IllegalStateException("the CA key cannot be encoded (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** The private key as PKCS#8, for tests that look for it where it must never be. */
  byte[] privateKeyEncoded() {
    return keyPair.getPrivate().getEncoded();
  }

  public PublicKey publicKey() {
    return keyPair.getPublic();
  }

  /** The public key as an OpenSSH line ({@code ssh-ed25519 AAAA... comment}). */
  public String publicKeyLine(String comment) {
    return publicKeyLine(keyPair.getPublic(), comment);
  }

  static String publicKeyLine(PublicKey key, String comment) {
    return PublicKeyEntry.toString(key) + (comment == null ? "" : " " + comment);
  }

  /** What a user certificate says. */
  public record UserCertificateRequest(PublicKey subject, String principal, String keyId, long serial,
      Instant validAfter, Instant validBefore, boolean permitPortForwarding) {}

  /** Signs a user certificate; returns it as an OpenSSH line ({@code ssh-ed25519-cert-v01@openssh.com AAAA...}). */
  public String sign(UserCertificateRequest request) {
    if (request.principal() == null || request.principal().isBlank()) {
      throw new IllegalArgumentException("a certificate without principals would be valid for every user");
    }
    Map<String, String> extensions = new LinkedHashMap<>();
    if (request.permitPortForwarding()) {
      extensions.put("permit-port-forwarding", "");
    }
    extensions.put("permit-pty", "");
    try {
      OpenSshCertificate certificate = OpenSshCertificateBuilder.userCertificate()
          .publicKey(request.subject())
          .serial(request.serial())
          .id(request.keyId())
          .principals(List.of(request.principal()))
          .validAfter(request.validAfter())
          .validBefore(request.validBefore())
          .extensions(extensions)
          .sign(keyPair);
      return PublicKeyEntry.toString(certificate);
    } catch (Exception e) {
      throw new IllegalStateException("signing failed (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** Reads a certificate line back; null when it is not one. */
  public static OpenSshCertificate parseCertificate(String line) {
    try {
      PublicKey key = PublicKeyEntry.parsePublicKeyEntry(line.strip()).resolvePublicKey(null, null, null);
      return key instanceof OpenSshCertificate certificate ? certificate : null;
    } catch (Exception e) {
      return null;
    }
  }

  /** A fresh serial: random, positive and never zero (zero cannot be revoked by serial). */
  public static long newSerial() {
    long serial;
    do {
      serial = RANDOM.nextLong() & Long.MAX_VALUE;
    } while (serial == 0);
    return serial;
  }

  static boolean sameKey(PublicKey a, PublicKey b) {
    return KeyUtils.compareKeys(a, b);
  }
}
