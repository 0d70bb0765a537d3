package io.orgspace.ssh;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.sshd.common.config.keys.PublicKeyEntry;

/**
 * An OpenSSH key revocation list (KRL, OpenSSH's PROTOCOL.krl) revoking certificates by serial,
 * one certificate section per CA key. sshd reads it through {@code RevokedKeys}.
 */
public final class RevocationList {
  private static final long MAGIC = 0x5353484b524c0a00L; // "SSHKRL\n\0"
  private static final int FORMAT_VERSION = 1;
  private static final int SECTION_CERTIFICATES = 1;
  private static final int CERT_SECTION_SERIAL_LIST = 0x20;

  private RevocationList() {}

  /**
   * The KRL revoking {@code serials} of each of {@code caKeys}. Its version and date come from
   * {@code generatedEpochSecond} so that the same input always gives the same bytes (no rewrite on
   * a resync).
   */
  public static byte[] encode(Collection<PublicKey> caKeys, Collection<Long> serials, long generatedEpochSecond) {
    SortedSet<Long> sorted = new TreeSet<>(Long::compareUnsigned);
    sorted.addAll(serials);
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeLong(MAGIC);
      out.writeInt(FORMAT_VERSION);
      out.writeLong(generatedEpochSecond); // krl_version: grows with each revocation
      out.writeLong(generatedEpochSecond); // generated_date
      out.writeLong(0); // flags
      writeString(out, new byte[0]); // reserved
      writeString(out, "orgspace".getBytes(StandardCharsets.UTF_8)); // comment
      if (!sorted.isEmpty()) {
        for (PublicKey ca : caKeys) {
          out.writeByte(SECTION_CERTIFICATES);
          writeString(out, certificateSection(ca, sorted));
        }
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] certificateSection(PublicKey ca, SortedSet<Long> serials) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    writeString(out, wireBlob(ca));
    writeString(out, new byte[0]); // reserved
    ByteArrayOutputStream list = new ByteArrayOutputStream();
    DataOutputStream serialsOut = new DataOutputStream(list);
    for (long serial : serials) {
      serialsOut.writeLong(serial);
    }
    out.writeByte(CERT_SECTION_SERIAL_LIST);
    writeString(out, list.toByteArray());
    return bytes.toByteArray();
  }

  /** The key's SSH wire encoding: the base64 field of its OpenSSH line. */
  private static byte[] wireBlob(PublicKey key) {
    List<String> fields = List.of(PublicKeyEntry.toString(key).split(" "));
    return Base64.getDecoder().decode(fields.get(1));
  }

  private static void writeString(DataOutputStream out, byte[] value) throws IOException {
    out.writeInt(value.length);
    out.write(value);
  }
}
