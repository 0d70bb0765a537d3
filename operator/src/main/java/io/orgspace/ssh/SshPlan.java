package io.orgspace.ssh;

import io.orgspace.api.Membership;
import io.orgspace.api.Names;
import io.orgspace.api.Organization;
import io.orgspace.api.Role;
import io.orgspace.api.SshPolicy;
import io.orgspace.common.Durations;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.sshd.common.config.keys.OpenSshCertificate;

/**
 * What an organization's SSH authority should hold: its CA (rotated on request, the previous one
 * trusted for an overlap), a certificate per member key (reused until 2/3 of its life, else
 * issued), the serials revoked because a member or key went away, and the trust bundle. A function
 * of what exists and the clock; signing is its only side effect.
 */
public final class SshPlan {
  /** Certificates start a minute in the past: clocks of clients and servers drift. */
  static final Duration BACKDATE = Duration.ofMinutes(1);

  private SshPlan() {}

  /** A revoked certificate, kept until it would have expired anyway. */
  public record Revocation(long serial, long validBeforeEpochSecond, long revokedAtEpochSecond) {}

  /** The CA state kept in the authority Secret. */
  public record Authority(CertificateAuthority current, String rotatedFor, String previousPublicKey,
      Instant previousTrustedUntil, List<Revocation> revoked) {}

  /** A member as the plan needs it. */
  public record Member(String name, String user, Role role, List<SshPublicKeys.Accepted> keys) {}

  /** What the organization asks for. */
  public record Policy(Duration certificateTtl, boolean permitPortForwarding, Duration rotationOverlap,
      String rotationRequest) {}

  /** One issued certificate of a member. */
  public record Certificate(String file, String line, String fingerprint, long serial, Instant validBefore) {}

  /** What sshd needs: trusted CA keys, authorized principals, revoked serials. */
  public record Bundle(List<String> caPublicKeys, List<String> principals, byte[] revocationList) {}

  public record Outcome(Authority authority, Map<String, List<Certificate>> certificates, Bundle bundle,
      Instant nextCheck, int issued, boolean rotated) {}

  /**
   * @param existing the certificate lines stored per membership name (file name to line)
   */
  public static Outcome plan(String organization, Authority stored, Policy policy, List<Member> members,
      Map<String, Map<String, String>> existing, Instant now) {
    Instant second = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    Authority authority = authority(stored, policy, second);
    boolean rotated = stored != null && authority.current() != stored.current();
    Instant nextCheck = authority.previousTrustedUntil();

    Map<String, List<Certificate>> certificates = new TreeMap<>();
    Set<String> keptOrReplaced = new java.util.HashSet<>();
    int issued = 0;
    for (Member member : members) {
      List<Certificate> own = new ArrayList<>();
      Map<String, String> stored0 = existing.getOrDefault(member.name(), Map.of());
      for (SshPublicKeys.Accepted key : member.keys()) {
        String file = fileName(key);
        if (own.stream().anyMatch(c -> c.file().equals(file))) {
          continue; // the same key listed twice
        }
        keptOrReplaced.add(member.name() + "/" + file);
        OpenSshCertificate current = stored0.containsKey(file) ? CertificateAuthority.parseCertificate(stored0.get(file)) : null;
        Certificate certificate;
        if (current != null && reusable(current, member, key.key(), authority, policy, second)) {
          certificate = new Certificate(file, stored0.get(file).strip(), key.fingerprint(), current.getSerial(),
              Instant.ofEpochSecond(current.getValidBefore()));
        } else {
          long serial = CertificateAuthority.newSerial();
          Instant validBefore = second.plus(policy.certificateTtl());
          String line = authority.current().sign(new CertificateAuthority.UserCertificateRequest(key.key(), member.user(),
              organization + "/" + member.name() + "/" + serial, serial, second.minus(BACKDATE), validBefore,
              policy.permitPortForwarding()));
          certificate = new Certificate(file, line, key.fingerprint(), serial, validBefore);
          issued++;
        }
        own.add(certificate);
        nextCheck = earliest(nextCheck, renewAt(certificate.validBefore(), policy.certificateTtl()));
      }
      if (!own.isEmpty()) {
        certificates.put(member.name(), own);
      }
    }

    // A stored certificate whose member or key went away is revoked until it expires.
    List<Revocation> revoked = new ArrayList<>(authority.revoked().stream()
        .filter(r -> r.validBeforeEpochSecond() > second.getEpochSecond()).toList());
    Set<Long> known = new java.util.HashSet<>(revoked.stream().map(Revocation::serial).toList());
    existing.forEach((memberName, files) -> files.forEach((file, line) -> {
      if (keptOrReplaced.contains(memberName + "/" + file)) {
        return;
      }
      OpenSshCertificate gone = CertificateAuthority.parseCertificate(line);
      if (gone != null && gone.getValidBefore() > second.getEpochSecond() && known.add(gone.getSerial())) {
        revoked.add(new Revocation(gone.getSerial(), gone.getValidBefore(), second.getEpochSecond()));
      }
    }));
    revoked.sort(Comparator.comparingLong(Revocation::serial));
    authority = new Authority(authority.current(), authority.rotatedFor(), authority.previousPublicKey(),
        authority.previousTrustedUntil(), List.copyOf(revoked));

    return new Outcome(authority, certificates, bundle(organization, authority, members), nextCheck, issued, rotated);
  }

  private static Authority authority(Authority stored, Policy policy, Instant now) {
    if (stored == null) {
      return new Authority(CertificateAuthority.generate(), policy.rotationRequest(), null, null, List.of());
    }
    String previous = stored.previousPublicKey();
    Instant until = stored.previousTrustedUntil();
    if (until != null && !now.isBefore(until)) {
      previous = null;
      until = null;
    }
    if (policy.rotationRequest() != null && !policy.rotationRequest().equals(stored.rotatedFor())) {
      return new Authority(CertificateAuthority.generate(), policy.rotationRequest(),
          stored.current().publicKeyLine(null), now.plus(policy.rotationOverlap()), stored.revoked());
    }
    return new Authority(stored.current(), stored.rotatedFor(), previous, previous == null ? null : until,
        stored.revoked());
  }

  private static boolean reusable(OpenSshCertificate certificate, Member member, PublicKey key, Authority authority,
      Policy policy, Instant now) {
    Instant validBefore = Instant.ofEpochSecond(certificate.getValidBefore());
    Set<String> expectedExtensions = policy.permitPortForwarding()
        ? Set.of("permit-pty", "permit-port-forwarding") : Set.of("permit-pty");
    return certificate.getType() == OpenSshCertificate.Type.USER
        && CertificateAuthority.sameKey(certificate.getCertPubKey(), key)
        && CertificateAuthority.sameKey(certificate.getCaPubKey(), authority.current().publicKey())
        && List.of(member.user()).equals(List.copyOf(certificate.getPrincipals()))
        && expectedExtensions.equals(certificate.getExtensionsMap().keySet())
        && now.isBefore(renewAt(validBefore, policy.certificateTtl()))
        && !validBefore.isAfter(now.plus(policy.certificateTtl()));
  }

  /** Renewal is due at 2/3 of a certificate's life. */
  static Instant renewAt(Instant validBefore, Duration ttl) {
    return validBefore.minus(ttl.dividedBy(3));
  }

  private static Bundle bundle(String organization, Authority authority, List<Member> members) {
    List<String> caKeys = new ArrayList<>();
    caKeys.add(authority.current().publicKeyLine(organization + "-ssh-ca"));
    List<PublicKey> trusted = new ArrayList<>(List.of(authority.current().publicKey()));
    if (authority.previousPublicKey() != null) {
      caKeys.add(withComment(authority.previousPublicKey(), organization + "-ssh-ca-previous"));
      PublicKey previous = publicKey(authority.previousPublicKey());
      if (previous != null) {
        trusted.add(previous);
      }
    }
    // "Update server files" is the Owner's and the Developer's: they are the authorized principals.
    List<String> principals = new ArrayList<>(new TreeSet<>(members.stream()
        .filter(m -> m.role() == Role.Owner || m.role() == Role.Developer)
        .map(Member::user).toList()));
    long generated = authority.revoked().stream().mapToLong(Revocation::revokedAtEpochSecond).max().orElse(0);
    byte[] krl = RevocationList.encode(trusted, authority.revoked().stream().map(Revocation::serial).toList(), generated);
    return new Bundle(caKeys, principals, krl);
  }

  private static String withComment(String publicKeyLine, String comment) {
    String[] fields = publicKeyLine.strip().split(" ");
    return fields[0] + " " + fields[1] + " " + comment;
  }

  static PublicKey publicKey(String line) {
    try {
      return org.apache.sshd.common.config.keys.PublicKeyEntry.parsePublicKeyEntry(line.strip())
          .resolvePublicKey(null, null, null);
    } catch (Exception e) {
      return null;
    }
  }

  /** A stable file name per key: its type and a hash of its fingerprint. */
  /** The organization's SSH policy with its defaults filled in. */
  public static Policy policy(Organization organization) {
    SshPolicy ssh = organization.getSpec() == null || organization.getSpec().ssh == null
        ? new SshPolicy() : organization.getSpec().ssh;
    String rotation = ssh.caRotation;
    return new Policy(Durations.parse(ssh.certificateTtl == null ? "16h" : ssh.certificateTtl),
        Boolean.TRUE.equals(ssh.permitPortForwarding),
        Durations.parse(ssh.caRotationOverlap == null ? "1h" : ssh.caRotationOverlap),
        rotation == null || rotation.isBlank() ? null : rotation);
  }

  /** The members of the given Memberships (those in effect), with their acceptable keys. */
  public static List<Member> members(java.util.Collection<Membership> effectiveMemberships) {
    List<Member> members = new ArrayList<>();
    for (Membership membership : effectiveMemberships) {
      members.add(new Member(membership.getMetadata().getName(), membership.getSpec().user,
          membership.getSpec().role, acceptedKeys(membership)));
    }
    return members;
  }

  public static List<SshPublicKeys.Accepted> acceptedKeys(Membership membership) {
    List<SshPublicKeys.Accepted> keys = new ArrayList<>();
    List<String> lines = membership.getSpec().sshPublicKeys == null ? List.of() : membership.getSpec().sshPublicKeys;
    for (int i = 0; i < lines.size(); i++) {
      SshPublicKeys.Verdict verdict = SshPublicKeys.judge(i + 1, lines.get(i));
      if (verdict.accepted() != null) {
        keys.add(verdict.accepted());
      }
    }
    return keys;
  }

  public static String fileName(SshPublicKeys.Accepted key) {
    String type = key.type().replace("ssh-", "").replaceAll("-sha2-nistp\\d+", "");
    return type + "-" + Names.hash(key.fingerprint(), 10) + "-cert.pub";
  }

  private static Instant earliest(Instant a, Instant b) {
    return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
  }
}
