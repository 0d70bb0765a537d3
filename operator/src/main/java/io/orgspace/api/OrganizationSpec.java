package io.orgspace.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.owners) && self.owners.size() > 0",
    message = "an organization needs at least one owner in spec.owners (a User or a Group)")
@ValidationRule(value = "!has(self.sso) || !has(self.sso.required) || !self.sso.required || !has(self.sso.userPrefix)"
    + " || !has(self.owners) || self.owners.all(o, o.kind != 'User' || o.name.startsWith(self.sso.userPrefix))",
    message = "sso.required: every User owner must carry sso.userPrefix (sign in through the identity provider)")
public class OrganizationSpec {
  @Size(max = 256)
  @ValidationRule(value = Validation.CEL_NO_CONTROL, message = "displayName must not contain control characters")
  @JsonPropertyDescription("Human-readable name.")
  public String displayName;

  @Size(max = 64)
  @JsonPropertyDescription("Users and groups that hold the Owner role; at least one.")
  public List<Subject> owners;

  @Size(max = 32)
  @ValidationRule(value = "self.all(d, self.exists_one(o, o == d))", message = "domains must be unique")
  @JsonPropertyDescription("Base domains the organization claims; environment hosts must lie under one it holds."
      + " Only a platform administrator may set or change them (the grant-domains verb); the earliest claim on a"
      + " domain, or on one overlapping it, holds it (status.domains).")
  public List<@Size(max = 253) @Pattern(Validation.HOSTNAME) String> domains;

  @JsonPropertyDescription("SSO group to role mappings.")
  public SsoSpec sso;

  @JsonPropertyDescription("Default quotas and limits for environment namespaces.")
  public DefaultsSpec defaults;

  @JsonPropertyDescription("Network isolation of environment namespaces.")
  public NetworkIsolation networkIsolation;

  @JsonPropertyDescription("SSH certificate policy.")
  public SshPolicy ssh;

  @JsonPropertyDescription("API key policy.")
  public ApiKeyPolicy apiKeys;

  @JsonPropertyDescription("Bounds set by the platform (only a platform administrator may set them: the set-limits verb).")
  public OrganizationLimits limits;

  @JsonPropertyDescription("When true, the API server refuses to delete this Organization.")
  public Boolean preventDeletion;
}
