package io.orgspace.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** How directory groups from the cluster's OIDC/SAML authenticator become organization roles. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.groupPrefix) || !self.groupPrefix.startsWith('system:')",
    message = "groupPrefix must not start with system:")
@ValidationRule(value = "!has(self.groupMappings) || self.groupMappings.all(m,"
    + " !((has(self.groupPrefix) ? self.groupPrefix : '') + m.group).startsWith('system:'))",
    message = "a mapped group (prefix + group) must not be a system: group")
@ValidationRule(value = "!has(self.groupMappings) || self.groupMappings.all(m,"
    + " self.groupMappings.exists_one(o, o.group == m.group))",
    message = "each group may be mapped once")
@ValidationRule(value = "!has(self.userPrefix) || !self.userPrefix.startsWith('system:')",
    message = "userPrefix must not start with system:")
@ValidationRule(value = "!has(self.required) || !self.required || (has(self.userPrefix) && size(self.userPrefix) > 0)",
    message = "sso.required needs sso.userPrefix: the prefix the cluster's authenticator puts before user names (e.g. \"oidc:\")")
public class SsoSpec {
  @Size(max = 63)
  @Pattern("^[A-Za-z0-9:._/-]*$")
  @JsonPropertyDescription("Prefix the authenticator puts before group names (e.g. \"oidc:\").")
  public String groupPrefix;

  @Size(max = 63)
  @Pattern("^[A-Za-z0-9:._/-]*$")
  @JsonPropertyDescription("Prefix the authenticator puts before user names (e.g. \"oidc:\"): the API server's"
      + " claimMappings.username.prefix.")
  public String userPrefix;

  @JsonPropertyDescription("When true, every User of the organization must sign in through the identity provider: the"
      + " API server refuses Memberships and User owners whose user name lacks userPrefix. Existing Memberships are"
      + " not removed.")
  public Boolean required;

  @Size(max = 64)
  @JsonPropertyDescription("Directory groups and the role their members hold.")
  public List<GroupMapping> groupMappings;
}
