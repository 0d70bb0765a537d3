package io.orgspace.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Who holds one role in the organization: the audit view of its RoleBindings. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class RoleHolders {
  @JsonPropertyDescription("The role.")
  public Role role;

  @JsonPropertyDescription("Users holding the role (owners and Memberships).")
  public List<String> users;

  @JsonPropertyDescription("Groups holding the role (owners and SSO mappings, with the group prefix).")
  public List<String> groups;

  @JsonPropertyDescription("ServiceAccounts holding the role (API keys), as namespace/name.")
  public List<String> serviceAccounts;
}
