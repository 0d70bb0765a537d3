package io.orgspace.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orgspace.api.GitProvider;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignaturesTest {
  private static final byte[] SECRET = "It's a Secret to Everybody".getBytes(StandardCharsets.UTF_8);
  private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.UTF_8);

  @Test
  void githubsDocumentedTestVectorVerifies() {
    String documented = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    assertEquals(documented.substring(7), HexFormat.of().formatHex(Signatures.hmacSha256(SECRET, BODY)));
    assertTrue(Signatures.verify(GitProvider.github, SECRET, BODY, Map.of("X-Hub-Signature-256", documented)::get));
  }

  @Test
  void githubRefusesMissingMalformedAndWrongSignatures() {
    assertFalse(Signatures.verify(GitProvider.github, SECRET, BODY, Map.<String, String>of()::get));
    assertFalse(Signatures.verify(GitProvider.github, SECRET, BODY, Map.of("X-Hub-Signature-256", "sha1=abc")::get));
    assertFalse(Signatures.verify(GitProvider.github, SECRET, BODY, Map.of("X-Hub-Signature-256", "sha256=zz")::get));
    assertFalse(Signatures.verify(GitProvider.github, SECRET, BODY, Map.of("X-Hub-Signature-256",
        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e18")::get));
    assertFalse(Signatures.verify(GitProvider.github, SECRET, "Hello, World?".getBytes(StandardCharsets.UTF_8),
        Map.of("X-Hub-Signature-256", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")::get),
        "the signature covers the raw body");
  }

  @Test
  void gitlabComparesItsToken() {
    assertTrue(Signatures.verify(GitProvider.gitlab, SECRET, BODY, Map.of("X-Gitlab-Token", "It's a Secret to Everybody")::get));
    assertFalse(Signatures.verify(GitProvider.gitlab, SECRET, BODY, Map.of("X-Gitlab-Token", "It's a secret to everybody")::get));
    assertFalse(Signatures.verify(GitProvider.gitlab, SECRET, BODY, Map.<String, String>of()::get));
  }

  @Test
  void giteaAndForgejoSignWithoutPrefix() {
    String hex = HexFormat.of().formatHex(Signatures.hmacSha256(SECRET, BODY));
    assertTrue(Signatures.verify(GitProvider.gitea, SECRET, BODY, Map.of("X-Gitea-Signature", hex)::get));
    assertTrue(Signatures.verify(GitProvider.forgejo, SECRET, BODY, Map.of("X-Forgejo-Signature", hex)::get));
    assertFalse(Signatures.verify(GitProvider.gitea, SECRET, BODY, Map.of("X-Gitea-Signature", "sha256=" + hex)::get));
  }

  @Test
  void aSecretShorterThan16BytesOrNoneVerifiesNothing() {
    byte[] weak = "fifteen-bytes!!".getBytes(StandardCharsets.UTF_8);
    byte[] strong = "sixteen-bytes!!!".getBytes(StandardCharsets.UTF_8);
    for (GitProvider provider : GitProvider.values()) {
      assertFalse(Signatures.verify(provider, weak, BODY, signedBy(weak)::get), provider + ": 15 bytes");
      assertTrue(Signatures.verify(provider, strong, BODY, signedBy(strong)::get), provider + ": 16 bytes");
      assertFalse(Signatures.verify(provider, new byte[0], BODY, signedBy(new byte[0])::get), provider + ": empty");
      assertFalse(Signatures.verify(provider, null, BODY, signedBy(new byte[0])::get), provider + ": no secret");
    }
    assertFalse(Signatures.verify(GitProvider.gitlab, new byte[0], BODY, Map.of("X-Gitlab-Token", "")::get),
        "an empty GitLab token never matches");
  }

  /** Every provider's header, signed (or the token sent) as the providers do. */
  private static Map<String, String> signedBy(byte[] secret) {
    String hex = HexFormat.of().formatHex(Signatures.hmacSha256(secret, BODY));
    return Map.of("X-Hub-Signature-256", "sha256=" + hex, "X-Gitea-Signature", hex, "X-Forgejo-Signature", hex,
        "X-Gitlab-Token", new String(secret, StandardCharsets.UTF_8));
  }
}
