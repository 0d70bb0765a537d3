package io.orgspace.ssh;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.orgspace.api.Names;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The authority Secret of an organization, in the operator's namespace: the CA private key, the
 * previous CA's public key while it is still trusted, the rotation last carried out, and the
 * revoked serials. Tenants have no access to that namespace.
 */
public final class AuthoritySecrets {
  static final String CA = "ca";
  static final String CA_PUBLIC = "ca.pub";
  static final String PREVIOUS_PUBLIC = "previous-ca.pub";
  static final String PREVIOUS_UNTIL = "previous-ca-trusted-until";
  static final String ROTATED_FOR = "rotated-for";
  static final String REVOKED = "revoked";

  private AuthoritySecrets() {}

  public static String name(String organization) {
    return Names.fit("ssh-ca-" + organization, 253);
  }

  /** @param namespace the operator's namespace, where no tenant can read it */
  public static Secret toSecret(String organization, String namespace, SshPlan.Authority authority) {
    Map<String, String> data = new TreeMap<>();
    data.put(CA, encode(authority.current().privateKeyFile()));
    data.put(CA_PUBLIC, encode(authority.current().publicKeyLine(organization + "-ssh-ca")));
    if (authority.previousPublicKey() != null) {
      data.put(PREVIOUS_PUBLIC, encode(authority.previousPublicKey()));
      data.put(PREVIOUS_UNTIL, encode(authority.previousTrustedUntil().toString()));
    }
    if (authority.rotatedFor() != null) {
      data.put(ROTATED_FOR, encode(authority.rotatedFor()));
    }
    if (!authority.revoked().isEmpty()) {
      StringBuilder revoked = new StringBuilder();
      for (SshPlan.Revocation r : authority.revoked()) {
        revoked.append(Long.toUnsignedString(r.serial())).append(' ').append(r.validBeforeEpochSecond())
            .append(' ').append(r.revokedAtEpochSecond()).append('\n');
      }
      data.put(REVOKED, encode(revoked.toString()));
    }
    return new SecretBuilder()
        .withNewMetadata().withName(name(organization)).withNamespace(namespace)
        .withLabels(SshLabels.of(organization, SshLabels.AUTHORITY)).endMetadata()
        .withType("Opaque")
        .withData(data)
        .build();
  }

  /** The stored authority, or null when there is none yet. A damaged one fails: it is never replaced silently. */
  public static SshPlan.Authority fromSecret(Secret secret) {
    if (secret == null || secret.getData() == null || secret.getData().get(CA) == null) {
      return null;
    }
    Map<String, String> data = secret.getData();
    CertificateAuthority current = CertificateAuthority.fromPrivateKeyFile(Base64.getDecoder().decode(data.get(CA)));
    String previous = decode(data.get(PREVIOUS_PUBLIC));
    String until = decode(data.get(PREVIOUS_UNTIL));
    List<SshPlan.Revocation> revoked = new ArrayList<>();
    String revokedText = decode(data.get(REVOKED));
    if (revokedText != null) {
      for (String line : revokedText.split("\n")) {
        String[] fields = line.trim().split(" ");
        if (fields.length == 3) {
          revoked.add(new SshPlan.Revocation(Long.parseUnsignedLong(fields[0]), Long.parseLong(fields[1]),
              Long.parseLong(fields[2])));
        }
      }
    }
    return new SshPlan.Authority(current, decode(data.get(ROTATED_FOR)), previous,
        previous == null || until == null ? null : Instant.parse(until), List.copyOf(revoked));
  }

  public static String encode(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  public static String encode(String text) {
    return encode(text.getBytes(StandardCharsets.UTF_8));
  }

  public static String decode(String base64) {
    return base64 == null ? null : new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
