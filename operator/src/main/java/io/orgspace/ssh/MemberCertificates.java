package io.orgspace.ssh;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.orgspace.api.Condition;
import io.orgspace.api.IssuedCertificate;
import io.orgspace.api.Membership;
import io.orgspace.api.Names;
import io.orgspace.api.Organization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.OpenSshCertificate;

/** A Membership's view of its SSH certificates: what was issued, and which keys were refused. */
public final class MemberCertificates {
  public static final String CONDITION = "SshCertificates";

  private MemberCertificates() {}

  /** The member's certificate Secret in the home namespace: one file per certified key. */
  public static String secretName(String membership) {
    return Names.fit("orgspace-ssh-" + membership, 253);
  }

  /** The Role (and RoleBinding) that lets the member read exactly their certificate Secret. */
  public static String roleName(String membership) {
    return Names.fit("orgspace-ssh-" + membership, 253);
  }

  /** The member's certificate Secret: only that member (and the operator) can read it, see {@link #roleName}. */
  public static Secret secret(String organization, String membership, List<SshPlan.Certificate> certificates) {
    Map<String, String> data = new TreeMap<>();
    certificates.forEach(c -> data.put(c.file(), AuthoritySecrets.encode(c.line() + "\n")));
    var labels = SshLabels.of(organization, SshLabels.CERTIFICATES);
    labels.put(SshLabels.MEMBERSHIP, membership);
    return new SecretBuilder()
        .withNewMetadata().withName(secretName(membership)).withNamespace(Organization.homeNamespace(organization))
        .withLabels(labels).endMetadata()
        .withType("Opaque").withData(data).build();
  }

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
    if (issuedCount < SshPlan.acceptedKeys(membership).stream().map(SshPlan::fileName).distinct().count()) {
      return new Condition(CONDITION, Condition.FALSE, "Pending", "waiting for the organization's CA to sign "
          + accepted + " key(s)", generation);
    }
    return new Condition(CONDITION, Condition.TRUE, "Issued", issuedCount + " certificate(s) in Secret "
        + secretName(membership.getMetadata().getName()), generation);
  }
}
