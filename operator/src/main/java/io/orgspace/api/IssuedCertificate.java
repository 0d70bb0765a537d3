package io.orgspace.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One certificate issued to a member, as its Membership's status lists it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IssuedCertificate {
  @JsonPropertyDescription("SHA-256 fingerprint of the certified public key.")
  public String fingerprint;

  @JsonPropertyDescription("Secret (in the home namespace) that holds the certificate.")
  public String secret;

  @JsonPropertyDescription("Key of the certificate in that Secret.")
  public String key;

  @JsonPropertyDescription("Serial number of the certificate.")
  public String serial;

  @JsonPropertyDescription("When the certificate expires; it is renewed at 2/3 of its life.")
  public String validBefore;
}
