package io.orgspace.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A directory group whose members hold a role in the organization. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!self.group.startsWith('system:')",
    message = "system: groups are reserved by Kubernetes and cannot be mapped to a role")
public class GroupMapping {
  @Required
  @Size(min = 1, max = 200)
  @ValidationRule(value = Validation.CEL_NO_CONTROL, message = "group names must not contain control characters")
  @JsonPropertyDescription("Group name in the identity provider, without the authenticator's prefix.")
  public String group;

  @Required
  @JsonPropertyDescription("Owner, Developer, Support or Manager.")
  public Role role;

  public GroupMapping() {}

  public GroupMapping(String group, Role role) {
    this.group = group;
    this.role = role;
  }
}
