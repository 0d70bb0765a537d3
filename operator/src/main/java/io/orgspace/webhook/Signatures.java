package io.orgspace.webhook;

import io.orgspace.api.GitProvider;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a delivery the way its provider signs it, over the raw body bytes and before any
 * parsing, comparing in constant time.
 */
public final class Signatures {
  private Signatures() {}

  /** True only for a well-formed, matching signature or token; any header may be absent (false). */
  public static boolean verify(GitProvider provider, byte[] secret, byte[] body, Function<String, String> header) {
    return switch (provider) {
      case github -> {
        String signature = header.apply("X-Hub-Signature-256");
        yield signature != null && signature.startsWith("sha256=")
            && hexEquals(hmacSha256(secret, body), signature.substring("sha256=".length()));
      }
      case gitlab -> {
        String token = header.apply("X-Gitlab-Token");
        yield token != null && MessageDigest.isEqual(secret, token.getBytes(StandardCharsets.UTF_8));
      }
      case gitea, forgejo -> {
        String signature = header.apply("X-Gitea-Signature");
        if (signature == null) {
          signature = header.apply("X-Forgejo-Signature");
        }
        yield signature != null && hexEquals(hmacSha256(secret, body), signature);
      }
    };
  }

  /** Compares a MAC with its hex rendering; a malformed rendering never matches. */
  static boolean hexEquals(byte[] expected, String hex) {
    if (hex.length() != expected.length * 2 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      return false;
    }
    return MessageDigest.isEqual(expected, HexFormat.of().parseHex(hex.toLowerCase(java.util.Locale.ROOT)));
  }

  public static byte[] hmacSha256(byte[] secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.length == 0 ? new byte[1] : secret, "HmacSHA256"));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }
}
