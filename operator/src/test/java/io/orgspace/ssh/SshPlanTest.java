package io.orgspace.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orgspace.api.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SSH plan without a server: issuance, reuse, renewal, rotation and revocation. */
class SshPlanTest {
  private static final Duration TTL = Duration.ofHours(16);
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  @TempDir static Path dir;
  private static SshPublicKeys.Accepted bobKey;
  private static SshPublicKeys.Accepted bobSecondKey;
  private static SshPublicKeys.Accepted sueKey;

  @BeforeAll
  static void keys() throws Exception {
    bobKey = key("bob");
    bobSecondKey = key("bob2");
    sueKey = key("sue");
  }

  private static SshPublicKeys.Accepted key(String name) throws Exception {
    return SshPublicKeys.judge(1, Files.readString(SshKeygen.generate(dir, name, "ed25519").resolveSibling(name + ".pub")))
        .accepted();
  }

  private static SshPlan.Policy policy(String rotation) {
    return new SshPlan.Policy(TTL, false, Duration.ofHours(1), rotation);
  }

  private static SshPlan.Member bob(Role role, SshPublicKeys.Accepted... keys) {
    return new SshPlan.Member("bob", "bob@acme.example", role, List.of(keys));
  }

  private static SshPlan.Member sue() {
    return new SshPlan.Member("sue", "sue@acme.example", Role.Support, List.of(sueKey));
  }

  /** The certificates of an outcome as the Secrets would store them. */
  private static Map<String, Map<String, String>> stored(SshPlan.Outcome outcome) {
    Map<String, Map<String, String>> stored = new HashMap<>();
    outcome.certificates().forEach((member, certificates) -> {
      Map<String, String> files = new HashMap<>();
      certificates.forEach(c -> files.put(c.file(), c.line()));
      stored.put(member, files);
    });
    return stored;
  }

  @Test
  void firstPlanCreatesACaAndACertificatePerKeyAndListsOnlyOwnersAndDevelopersAsPrincipals() {
    var outcome = SshPlan.plan("acme", null, policy(null), List.of(bob(Role.Developer, bobKey), sue()), Map.of(), T0);
    assertNotNull(outcome.authority().current());
    assertEquals(2, outcome.issued());
    assertEquals(List.of("bob@acme.example"), outcome.bundle().principals());
    assertEquals(1, outcome.bundle().caPublicKeys().size());
    assertEquals(T0.plus(TTL).minus(TTL.dividedBy(3)), outcome.nextCheck(), "renewal at 2/3 of the life");
    var certificate = CertificateAuthority.parseCertificate(outcome.certificates().get("bob").get(0).line());
    assertEquals(T0.minusSeconds(60).getEpochSecond(), certificate.getValidAfter());
    assertEquals(T0.plus(TTL).getEpochSecond(), certificate.getValidBefore());
    assertEquals("acme/bob/" + Long.toUnsignedString(certificate.getSerial()), certificate.getId());
  }

  @Test
  void certificatesAreReusedUntilTwoThirdsOfTheirLifeThenRenewedWithoutRevocation() {
    var first = SshPlan.plan("acme", null, policy(null), List.of(bob(Role.Developer, bobKey)), Map.of(), T0);
    var later = SshPlan.plan("acme", first.authority(), policy(null), List.of(bob(Role.Developer, bobKey)),
        stored(first), T0.plus(Duration.ofHours(10)));
    assertEquals(0, later.issued());
    assertEquals(first.certificates(), later.certificates());

    var renewed = SshPlan.plan("acme", first.authority(), policy(null), List.of(bob(Role.Developer, bobKey)),
        stored(first), T0.plus(Duration.ofHours(11)));
    assertEquals(1, renewed.issued());
    assertNotEquals(first.certificates().get("bob").get(0).serial(), renewed.certificates().get("bob").get(0).serial());
    assertTrue(renewed.authority().revoked().isEmpty(), "a renewed certificate is not revoked");
  }

  @Test
  void removingAMemberOrAKeyRevokesItsCertificatesUntilTheyExpire() {
    var first = SshPlan.plan("acme", null, policy(null),
        List.of(bob(Role.Developer, bobKey, bobSecondKey), sue()), Map.of(), T0);
    long secondSerial = first.certificates().get("bob").stream()
        .filter(c -> c.fingerprint().equals(bobSecondKey.fingerprint())).findFirst().orElseThrow().serial();
    long sueSerial = first.certificates().get("sue").get(0).serial();

    var keyRemoved = SshPlan.plan("acme", first.authority(), policy(null), List.of(bob(Role.Developer, bobKey), sue()),
        stored(first), T0.plusSeconds(60));
    assertEquals(List.of(secondSerial), keyRemoved.authority().revoked().stream().map(SshPlan.Revocation::serial).toList());

    var memberRemoved = SshPlan.plan("acme", keyRemoved.authority(), policy(null), List.of(bob(Role.Developer, bobKey)),
        stored(keyRemoved), T0.plusSeconds(120));
    assertEquals(2, memberRemoved.authority().revoked().size());
    assertTrue(memberRemoved.authority().revoked().stream().anyMatch(r -> r.serial() == sueSerial));

    var afterExpiry = SshPlan.plan("acme", memberRemoved.authority(), policy(null), List.of(bob(Role.Developer, bobKey)),
        stored(memberRemoved), T0.plus(TTL).plusSeconds(1));
    assertTrue(afterExpiry.authority().revoked().isEmpty(), "expired certificates need no revocation");
  }

  @Test
  void roleChangeMovesThePrincipalWithoutRevoking() {
    var developer = SshPlan.plan("acme", null, policy(null), List.of(bob(Role.Developer, bobKey)), Map.of(), T0);
    var support = SshPlan.plan("acme", developer.authority(), policy(null), List.of(bob(Role.Support, bobKey)),
        stored(developer), T0.plusSeconds(5));
    assertEquals(List.of(), support.bundle().principals());
    assertEquals(0, support.issued());
    assertTrue(support.authority().revoked().isEmpty());
  }

  @Test
  void rotationSignsWithANewCaAndTrustsTheOldOneForTheOverlapOnly() {
    var first = SshPlan.plan("acme", null, policy(null), List.of(bob(Role.Developer, bobKey)), Map.of(), T0);
    var rotated = SshPlan.plan("acme", first.authority(), policy("2026-11-23"), List.of(bob(Role.Developer, bobKey)),
        stored(first), T0.plusSeconds(10));
    assertTrue(rotated.rotated());
    assertEquals(1, rotated.issued(), "re-issued by the new CA");
    assertEquals(2, rotated.bundle().caPublicKeys().size());
    assertEquals(T0.plusSeconds(10).plus(Duration.ofHours(1)), rotated.authority().previousTrustedUntil());
    assertEquals(rotated.authority().previousTrustedUntil(), rotated.nextCheck());

    var same = SshPlan.plan("acme", rotated.authority(), policy("2026-11-23"), List.of(bob(Role.Developer, bobKey)),
        stored(rotated), T0.plusSeconds(20));
    assertSame(rotated.authority().current(), same.authority().current(), "the same request rotates once");

    var after = SshPlan.plan("acme", rotated.authority(), policy("2026-11-23"), List.of(bob(Role.Developer, bobKey)),
        stored(rotated), T0.plus(Duration.ofHours(2)));
    assertNull(after.authority().previousPublicKey());
    assertEquals(1, after.bundle().caPublicKeys().size());
  }

  @Test
  void theSamePlanTwiceGivesTheSameBundleBytes() {
    var first = SshPlan.plan("acme", null, policy(null), List.of(bob(Role.Developer, bobKey), sue()), Map.of(), T0);
    var removed = SshPlan.plan("acme", first.authority(), policy(null), List.of(bob(Role.Developer, bobKey)),
        stored(first), T0.plusSeconds(1));
    var again = SshPlan.plan("acme", removed.authority(), policy(null), List.of(bob(Role.Developer, bobKey)),
        stored(removed), T0.plusSeconds(300));
    assertTrue(java.util.Arrays.equals(removed.bundle().revocationList(), again.bundle().revocationList()));
    assertEquals(AuthoritySecrets.toSecret("acme", "orgspace-system", removed.authority()).getData(),
        AuthoritySecrets.toSecret("acme", "orgspace-system", AuthoritySecrets.fromSecret(AuthoritySecrets.toSecret("acme", "orgspace-system", again.authority())))
            .getData());
  }
}
