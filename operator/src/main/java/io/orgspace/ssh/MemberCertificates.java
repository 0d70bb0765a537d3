package io.orgspace.ssh;

import io.orgspace.api.IssuedCertificate;
import io.fabric8.kubernetes.api.model.Secret;
import io.orgspace.api.Condition;
import io.orgspace.api.Membership;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.OpenSshCertificate;

/** A Membership's view of its SSH certificates: what was issued, and which keys were refused. */
public final class MemberCertificates {
  public static final String CONDITION = "SshCertificates";

  private MemberCertificates() {}

  /** The certificates stored in the member's Secret, as the Membership's status shows them. */
  public static List<IssuedCertificate> issued(Secret secret) {
    List<IssuedCertificate> issued = new ArrayList<>();
    if (secret == null || secret.getData() == null) {
      return issued;
    }
    secret.getData().forEach((file, value) -> {
      OpenSshCertificate certificate = CertificateAuthority.parseCertificate(AuthoritySecrets.decode(value));
      if (certificate != null) {
        IssuedCertificate entry = new IssuedCertificate();
        entry.fingerprint = KeyUtils.getFingerPrint(certificate.getCertPubKey());
        entry.secret = secret.getMetadata().getName();
        entry.key = file;
        entry.serial = Long.toUnsignedString(certificate.getSerial());
        entry.validBefore = Instant.ofEpochSecond(certificate.getValidBefore()).toString();
        issued.add(entry);
      }
    });
    issued.sort(java.util.Comparator.comparing(c -> c.key));
    return issued;
  }

  /** The SshCertificates condition: null when the member lists no keys. */
  public static Condition condition(Membership membership, int issuedCount) {
    List<String> lines = membership.getSpec().sshPublicKeys;
    if (lines == null || lines.isEmpty()) {
      return null;
    }
    List<String> refusals = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      SshPublicKeys.Verdict verdict = SshPublicKeys.judge(i + 1, lines.get(i));
      if (verdict.refused() != null) {
        refusals.add(verdict.refused().reason());
      }
    }
    long generation = membership.getMetadata().getGeneration();
    if (!refusals.isEmpty()) {
      return new Condition(CONDITION, Condition.FALSE, "KeyRefused", String.join("; ", refusals), generation);
    }
    int accepted = lines.size();
    if (issuedCount < SshStates.acceptedKeys(membership).stream().map(SshPlan::fileName).distinct().count()) {
      return new Condition(CONDITION, Condition.FALSE, "Pending", "waiting for the organization's CA to sign "
          + accepted + " key(s)", generation);
    }
    return new Condition(CONDITION, Condition.TRUE, "Issued", issuedCount + " certificate(s) in Secret "
        + MemberCertificateSecrets.secretName(membership.getMetadata().getName()), generation);
  }
}
