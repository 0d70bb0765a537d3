package io.orgspace.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.project == oldSelf.project", message = "project is immutable")
@ValidationRule(value = "has(self.pullRequest) == has(oldSelf.pullRequest)"
    + " && (!has(self.pullRequest) || self.pullRequest.number == oldSelf.pullRequest.number)",
    message = "pullRequest.number is immutable")
@ValidationRule(value = "!has(self.variables) || !has(self.secretVariables)"
    + " || self.secretVariables.all(k, !(k in self.variables))",
    message = "a name is either in variables or in secretVariables, not both")
public class EnvironmentSpec {
  @Required
  @Size(max = 63)
  @Pattern(Validation.DNS_LABEL)
  @JsonPropertyDescription("Name of the Project (same namespace) this environment belongs to.")
  public String project;

  @JsonPropertyDescription("The pull request this preview is for; absent for a named long-lived environment.")
  public PullRequest pullRequest;

  @Size(max = 512)
  @Pattern("^[^\\s]+$")
  @JsonPropertyDescription("Container image; defaults to the project's image template.")
  public String image;

  @Min(1)
  @Max(65535)
  @JsonPropertyDescription("Container port (default: the project's).")
  public Integer port;

  @Min(0)
  @Max(10)
  @JsonPropertyDescription("Replicas (default: the project's, else 1).")
  public Integer replicas;

  @Size(max = 200)
  @ValidationRule(value = "self.all(k, k.matches('^[A-Za-z_][A-Za-z0-9_]{0,127}$'))",
      message = "variable names must be environment variable names ([A-Za-z_][A-Za-z0-9_]*)")
  @ValidationRule(value = "self.map(k, bytes(k).size() + bytes(self[k]).size()).sum() <= " + Validation.MAX_VARIABLES_BYTES,
      message = "variables must total at most 256 KiB (names and values)")
  @JsonPropertyDescription("Environment variables; they win over the project's (at most 256 KiB in total).")
  public Map<String, @Size(max = 32768) String> variables;

  @JsonPropertyDescription("HTTP basic auth on the environment's host.")
  public BasicAuth basicAuth;

  @Size(max = 253)
  @Pattern(Validation.HOSTNAME)
  @JsonPropertyDescription("Host to serve on instead of pr-<n>.<project preview domain>; no wildcards.")
  public String host;

  @Size(max = 64)
  @Pattern(Validation.RFC3339)
  @ValidationRule(value = Validation.CEL_TIMESTAMP, message = "expiresAt must be an RFC 3339 time, e.g. 2026-12-31T23:00:00Z")
  @JsonPropertyDescription("When the operator deletes the environment (RFC 3339). Default: a pull request's preview, its last push +"
      + " the project's previews.ttl; a named environment, never.")
  public String expiresAt;

  @Size(max = 100)
  @ValidationRule(value = "self.all(k, k.matches('^[A-Za-z_][A-Za-z0-9_]{0,127}$'))",
      message = "variable names must be environment variable names ([A-Za-z_][A-Za-z0-9_]*)")
  @JsonPropertyDescription("Environment variables whose values come from keys of Secrets in the organization's home"
      + " namespace (labelled " + Labels.USE_IN_ENVIRONMENTS + ": \"true\"); they win over the project's variables"
      + " and secretVariables of the same name.")
  public Map<String, SecretVariable> secretVariables;
}
