package io.orgspace.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Public facts of an organization's SSH CA: its public keys and how many certificates stand. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SshAuthorityStatus {
  @JsonPropertyDescription("Public key of the CA that signs new certificates (for sshd's TrustedUserCAKeys).")
  public String certificateAuthority;

  @JsonPropertyDescription("Public key of the CA before the last rotation, while it is still trusted.")
  public String previousCertificateAuthority;

  @JsonPropertyDescription("When the previous CA stops being trusted.")
  public String previousTrustedUntil;

  @JsonPropertyDescription("Certificates currently issued to members.")
  public Integer certificates;

  @JsonPropertyDescription("Certificates revoked (member or key removed) that have not expired yet.")
  public Integer revokedCertificates;
}
