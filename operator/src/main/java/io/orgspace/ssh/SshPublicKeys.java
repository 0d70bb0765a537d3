package io.orgspace.ssh;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

/** Members' OpenSSH public keys: which ones Orgspace certifies, and why the others are refused. */
public final class SshPublicKeys {
  static final int MIN_RSA_BITS = 3072;

  private SshPublicKeys() {}

  /** A key Orgspace will certify, with its SHA-256 fingerprint as ssh-keygen prints it. */
  public record Accepted(String line, PublicKey key, String type, String fingerprint) {}

  /** A key refused, with a message that names the key by its position and type only. */
  public record Refused(int position, String reason) {}

  /** Either an accepted key or the reason it is refused. */
  public record Verdict(Accepted accepted, Refused refused) {}

  /** Judges the key at {@code position} (1-based) of a Membership's list. */
  public static Verdict judge(int position, String line) {
    PublicKey key;
    try {
      AuthorizedKeyEntry entry = AuthorizedKeyEntry.parseAuthorizedKeyEntry(line.strip());
      key = entry == null ? null : entry.resolvePublicKey(null, PublicKeyEntryResolver.FAILING);
    } catch (Exception e) {
      return refused(position, "is not an OpenSSH public key line");
    }
    if (key == null) {
      return refused(position, "is not an OpenSSH public key line");
    }
    if (key instanceof OpenSshCertificate) {
      return refused(position, "is a certificate, not a public key");
    }
    String type = KeyUtils.getKeyType(key);
    String problem = switch (type == null ? "" : type) {
      case "ssh-ed25519" -> null;
      case "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521" ->
          key instanceof ECPublicKey ? null : "has an unexpected ECDSA encoding";
      case "ssh-rsa" -> key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() >= MIN_RSA_BITS ? null
          : "is an RSA key of " + ((RSAPublicKey) key).getModulus().bitLength() + " bits; RSA keys need "
              + MIN_RSA_BITS + " bits or more";
      default -> "has type " + (type == null ? "unknown" : type)
          + "; only ssh-ed25519, ecdsa-sha2-nistp256/384/521 and ssh-rsa (3072 bits or more) are certified";
    };
    if (problem != null) {
      return refused(position, problem);
    }
    return new Verdict(new Accepted(line.strip(), key, type, KeyUtils.getFingerPrint(key)), null);
  }

  private static Verdict refused(int position, String reason) {
    return new Verdict(null, new Refused(position, "SSH key " + position + " " + reason));
  }
}
