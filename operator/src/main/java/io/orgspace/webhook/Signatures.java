package io.orgspace.webhook;

import io.orgspace.api.GitProvider;
import io.orgspace.api.Repository;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a delivery the way its provider signs it, over the raw body bytes and before any
 * parsing, comparing in constant time. A secret shorter than
 * {@link Repository#MIN_WEBHOOK_SECRET_BYTES} — or none — verifies nothing.
 */
public final class Signatures {
  /** Stands in for a missing or weak secret, so that refusing costs what checking costs. */
  private static final byte[] DECOY = random(32);

  private Signatures() {}

  /**
   * True only for a usable secret and a well-formed, matching signature or token; any header may
   * be absent (false). {@code secret} may be null (no project, no secret): every call computes
   * one HMAC of the body whatever the provider and the secret, so that how long a refusal takes
   * does not tell whether the project exists.
   */
  public static boolean verify(GitProvider provider, byte[] secret, byte[] body, Function<String, String> header) {
    boolean usable = Repository.isStrongWebhookSecret(secret);
    byte[] key = usable ? secret : DECOY;
    byte[] mac = hmacSha256(key, body);
    boolean matches = switch (provider) {
      case github -> {
        String signature = header.apply("X-Hub-Signature-256");
        yield signature != null && signature.startsWith("sha256=")
            && hexEquals(mac, signature.substring("sha256=".length()));
      }
      // GitLab sends the secret itself: compared as digests, so that neither its length nor its bytes leak.
      case gitlab -> {
        String token = header.apply("X-Gitlab-Token");
        yield token != null && MessageDigest.isEqual(sha256(key), sha256(token.getBytes(StandardCharsets.UTF_8)));
      }
      case gitea, forgejo -> {
        String signature = header.apply("X-Gitea-Signature");
        if (signature == null) {
          signature = header.apply("X-Forgejo-Signature");
        }
        yield signature != null && hexEquals(mac, signature);
      }
    };
    return usable && matches;
  }

  /** Compares a MAC with its hex rendering; a malformed rendering never matches. */
  static boolean hexEquals(byte[] expected, String hex) {
    if (hex.length() != expected.length * 2 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      return false;
    }
    return MessageDigest.isEqual(expected, HexFormat.of().parseHex(hex.toLowerCase(java.util.Locale.ROOT)));
  }

  /** HMAC-SHA256 as the providers sign; an empty key is taken as one zero byte (JCE refuses empty keys). */
  public static byte[] hmacSha256(byte[] secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.length == 0 ? new byte[1] : secret, "HmacSHA256"));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] random(int length) {
    byte[] bytes = new byte[length];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
