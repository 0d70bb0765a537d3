package io.orgspace.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A user or group named directly by the organization, e.g. as an owner. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!self.name.startsWith('system:')",
    message = "system: users and groups are reserved by Kubernetes and cannot be named")
@ValidationRule(value = "!self.name.matches('[\\\\x00-\\\\x1f\\\\x7f]')",
    message = "user and group names must not contain control characters")
@ValidationRule(value = "self.kind != 'User' || self.name.matches('" + Subject.USER_CEL + "')",
    message = "a User owner must be an e-mail-like user name (bob@acme.example or oidc:bob@acme.example)")
public class Subject {
  /** {@link Validation#USER} without backslashes, for a CEL string literal. */
  static final String USER_CEL = "^([A-Za-z0-9_-]+:)?[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+([.][A-Za-z0-9-]+)+$";

  @Required
  @JsonPropertyDescription("User or Group.")
  public SubjectKind kind;

  @Required
  @Size(min = 1, max = 253)
  @JsonPropertyDescription("The user or group name exactly as the cluster's authenticator reports it.")
  public String name;

  public Subject() {}

  public Subject(SubjectKind kind, String name) {
    this.kind = kind;
    this.name = name;
  }
}
