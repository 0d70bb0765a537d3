package io.orgspace.cli;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * An OpenSSH user certificate line ({@code <type>-cert-v01@openssh.com <base64> ...}), read far
 * enough to know which public key it certifies (to find the matching private key) and what it says.
 * Format: PROTOCOL.certkeys of OpenSSH.
 */
record SshCertificate(String line, String keyType, byte[] publicKeyBlob, long serial, String keyId,
    List<String> principals, Instant validAfter, Instant validBefore) {

  /** How many length-prefixed fields each key type's public key has inside a certificate. */
  private static final Map<String, Integer> KEY_FIELDS = Map.of(
      "ssh-ed25519", 1, "ssh-rsa", 2,
      "ecdsa-sha2-nistp256", 2, "ecdsa-sha2-nistp384", 2, "ecdsa-sha2-nistp521", 2);

  static SshCertificate parse(String line) {
    String[] parts = line.trim().split("\\s+");
    if (parts.length < 2 || !parts[0].endsWith("-cert-v01@openssh.com")) {
      throw new IllegalArgumentException("not an OpenSSH certificate");
    }
    String keyType = parts[0].substring(0, parts[0].length() - "-cert-v01@openssh.com".length());
    Integer fields = KEY_FIELDS.get(keyType);
    if (fields == null) {
      throw new IllegalArgumentException("unsupported certificate type " + parts[0]);
    }
    try {
      DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(Base64.getDecoder().decode(parts[1])));
      if (!parts[0].equals(string(in))) {
        throw new IllegalArgumentException("certificate type mismatch");
      }
      bytes(in); // nonce
      ByteArrayOutputStream blob = new ByteArrayOutputStream();
      DataOutputStream plain = new DataOutputStream(blob);
      writeBytes(plain, keyType.getBytes(StandardCharsets.US_ASCII));
      for (int i = 0; i < fields; i++) {
        writeBytes(plain, bytes(in));
      }
      long serial = in.readLong();
      in.readInt(); // certificate type: user or host
      String keyId = string(in);
      List<String> principals = new ArrayList<>();
      DataInputStream names = new DataInputStream(new java.io.ByteArrayInputStream(bytes(in)));
      while (names.available() > 0) {
        principals.add(string(names));
      }
      Instant after = Instant.ofEpochSecond(in.readLong());
      long before = in.readLong();
      Instant validBefore = before < 0 ? Instant.MAX : Instant.ofEpochSecond(before);
      return new SshCertificate(line.trim(), keyType, blob.toByteArray(), serial, keyId, principals, after, validBefore);
    } catch (IOException e) {
      throw new IllegalArgumentException("truncated certificate", e);
    }
  }

  /** Whether a public key line ({@code <type> <base64> [comment]}) is the key this certificate certifies. */
  boolean certifies(String publicKeyLine) {
    String[] parts = publicKeyLine.trim().split("\\s+");
    if (parts.length < 2 || !parts[0].equals(keyType)) {
      return false;
    }
    try {
      return Arrays.equals(Base64.getDecoder().decode(parts[1]), publicKeyBlob);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String string(DataInputStream in) throws IOException {
    return new String(bytes(in), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > in.available()) {
      throw new IOException("bad length");
    }
    return in.readNBytes(length);
  }

  private static void writeBytes(DataOutputStream out, byte[] value) {
    try {
      out.writeInt(value.length);
      out.write(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
