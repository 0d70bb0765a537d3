package io.orgspace.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Deterministic Kubernetes names: cut to a limit with a stable hash suffix when too long. */
public final class Names {
  private Names() {}

  /** {@code name} itself when it fits, else its head and 8 hex characters of its SHA-256. */
  public static String fit(String name, int max) {
    if (name.length() <= max) {
      return name;
    }
    String head = name.substring(0, max - 9).replaceAll("[-.]+$", "");
    return head + "-" + hash(name, 8);
  }

  /**
   * A DNS label (a namespace name) for {@code name}: {@link #fit} when it already is one; else made
   * safe (lower case, every other character a '-') and always given the hash of the original, so
   * that a name made safe never meets a name that was safe already ("v1.2" and "v1-2" differ).
   */
  public static String label(String name, int max) {
    if (name.matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")) {
      return fit(name, max);
    }
    String safe = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+", "");
    String head = safe.substring(0, Math.min(safe.length(), max - 9)).replaceAll("-+$", "");
    return (head.isEmpty() ? "x" : head) + "-" + hash(name, 8);
  }

  public static String hash(String text, int hexChars) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, hexChars);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A DNS-label-safe rendering of free text (a branch name, say), lower case, at most {@code max}. */
  public static String dnsSafe(String text, int max) {
    String safe = text.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]+", "-")
        .replaceAll("-+", "-").replaceAll("^-|-$", "");
    return fit(safe.isEmpty() ? "x" : safe, max);
  }
}
