package io.orgspace.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** TLS for preview hosts: an existing certificate Secret or a cert-manager issuer. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!(has(self.secretName) && has(self.clusterIssuer))",
    message = "set either secretName or clusterIssuer, not both")
public class PreviewTls {
  @Size(max = 253)
  @Pattern(Validation.DNS_SUBDOMAIN)
  @JsonPropertyDescription("TLS Secret to use in each environment namespace.")
  public String secretName;

  @Size(max = 253)
  @Pattern(Validation.DNS_SUBDOMAIN)
  @JsonPropertyDescription("cert-manager ClusterIssuer that issues a certificate per environment.")
  public String clusterIssuer;
}
