package io.orgspace.environment;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * HTTP basic-auth credentials: generated passwords and htpasswd lines. The hash is bcrypt
 * ({@code $2y$}), which nginx (libxcrypt), ingress-nginx and Traefik verify: cost 10 for passwords
 * people chose; cost 4, bcrypt's lowest, for generated ones. A slow hash only delays guessing a
 * guessable password; guessing 140 random bits is out of reach at any cost, while every
 * environment's creation and every check of its Secret pays for the cost (1.6 ms at 4, 6.5 ms at 6).
 */
public final class Htpasswd {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  private static final int CHOSEN_COST = 10;
  private static final int GENERATED_COST = 4;

  private Htpasswd() {}

  /** 24 characters from a 57-letter alphabet: about 140 bits. */
  public static String generatePassword() {
    StringBuilder password = new StringBuilder(24);
    for (int i = 0; i < 24; i++) {
      password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return password.toString();
  }

  public static String line(String username, String password, boolean generated) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return username + ":" + OpenBSDBCrypt.generate("2y", password.toCharArray(), salt,
        generated ? GENERATED_COST : CHOSEN_COST);
  }

  /**
   * The {@code {SHA}} form Envoy Gateway accepts (unsalted SHA-1). It is only as strong as the
   * password: fine for generated ones, weak for chosen ones — say so when a user brings a Secret.
   */
  public static String shaLine(String username, String password) {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-1").digest(password.getBytes(StandardCharsets.UTF_8));
      return username + ":{SHA}" + java.util.Base64.getEncoder().encodeToString(digest);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether {@code line} (user:hash) is for these credentials, so that it need not be rewritten. */
  public static boolean matches(String line, String username, String password) {
    if (line == null) {
      return false;
    }
    String trimmed = line.strip();
    int colon = trimmed.indexOf(':');
    if (colon < 0 || !trimmed.substring(0, colon).equals(username)) {
      return false;
    }
    try {
      return OpenBSDBCrypt.checkPassword(trimmed.substring(colon + 1), password.getBytes(StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
