package io.orgspace.organization;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.orgspace.common.SubjectKind;

/** A user or group named directly by the organization, e.g. as an owner. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!self.name.startsWith('system:')",
    message = "system: users and groups are reserved by Kubernetes and cannot be named")
public class Subject {
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
