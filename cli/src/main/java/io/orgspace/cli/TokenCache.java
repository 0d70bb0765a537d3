package io.orgspace.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * Tokens of one issuer and client, in the user's cache: {@code $XDG_CACHE_HOME/orgspace/tokens}
 * (else {@code ~/.cache/orgspace/tokens}), the directory 0700 and each file 0600, written
 * atomically so a concurrent {@code token} never reads half a file.
 */
final class TokenCache {
  /** What is kept of a login. */
  record Tokens(String issuer, String clientId, String tokenEndpoint, String idToken, String refreshToken,
      long expiresAt) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private TokenCache() {}

  static Path directory() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("orgspace").resolve("tokens");
  }

  static Path file(String issuer, String clientId) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest((issuer + "\n" + clientId).getBytes(StandardCharsets.UTF_8));
      return directory().resolve(HexFormat.of().formatHex(digest, 0, 16) + ".json");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static Tokens read(String issuer, String clientId) {
    Path file = file(issuer, clientId);
    if (!Files.exists(file)) {
      return null;
    }
    try {
      return JSON.readValue(file.toFile(), Tokens.class);
    } catch (IOException e) {
      return null;
    }
  }

  static void write(Tokens tokens) {
    Path directory = directory();
    try {
      Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
      Path temporary = Files.createTempFile(directory, ".token", ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.write(temporary, JSON.writeValueAsBytes(tokens));
      Files.move(temporary, file(tokens.issuer(), tokens.clientId()), StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the token cache in " + directory, e);
    }
  }

  /** Forgets one login, or every login when issuer is null; returns how many were forgotten. */
  static int delete(String issuer, String clientId) {
    try {
      if (issuer != null) {
        return Files.deleteIfExists(file(issuer, clientId)) ? 1 : 0;
      }
      if (!Files.isDirectory(directory())) {
        return 0;
      }
      int deleted = 0;
      try (Stream<Path> files = Files.list(directory())) {
        for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
          Files.deleteIfExists(file);
          deleted++;
        }
      }
      return deleted;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
