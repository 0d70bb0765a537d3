package io.orgspace.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.user == oldSelf.user",
    message = "user is immutable: create a new Membership for another person")
public class MembershipSpec {
  @Required
  @Size(max = 253)
  @Pattern(Validation.USER)
  @ValidationRule(value = "!self.startsWith('system:')", message = "system: users are reserved by Kubernetes")
  @JsonPropertyDescription("Kubernetes user name of the member: an e-mail address, optionally with the authenticator's prefix (oidc:bob@acme.example).")
  public String user;

  @Required
  @JsonPropertyDescription("Owner, Developer, Support or Manager.")
  public Role role;

  @Size(max = 10)
  @JsonPropertyDescription("OpenSSH public keys (ssh-ed25519, ecdsa-sha2-nistp*, ssh-rsa of 3072 bits or more) to issue certificates for.")
  public List<@Size(max = 4096) @Pattern("^[a-z0-9@.-]+ [A-Za-z0-9+/=]+( [^\\n\\r]*)?$") String> sshPublicKeys;
}
