package io.orgspace.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.variables) || !has(self.secretVariables)"
    + " || self.secretVariables.all(k, !(k in self.variables))",
    message = "a name is either in variables or in secretVariables, not both")
public class ProjectSpec {
  @Required
  @JsonPropertyDescription("The Git repository and its webhook secret.")
  public Repository repository;

  @JsonPropertyDescription("Preview environment policy.")
  public PreviewPolicy previews;

  @Size(max = 200)
  @ValidationRule(value = "self.all(k, k.matches('^[A-Za-z_][A-Za-z0-9_]{0,127}$'))",
      message = "variable names must be environment variable names ([A-Za-z_][A-Za-z0-9_]*)")
  @ValidationRule(value = "self.map(k, bytes(k).size() + bytes(self[k]).size()).sum() <= " + Validation.MAX_VARIABLES_BYTES,
      message = "variables must total at most 256 KiB (names and values)")
  @JsonPropertyDescription("Environment variables given to every environment of the project (at most 256 KiB in total).")
  public Map<String, @Size(max = 32768) String> variables;

  @Size(max = 50)
  @ValidationRule(value = Validation.CEL_CONFIG_KEYS,
      message = "file names must be ConfigMap keys: 1 to 253 of [-._a-zA-Z0-9], not '.' or '..', not starting with '..'")
  @ValidationRule(value = "self.map(k, bytes(k).size() + bytes(self[k]).size()).sum() <= " + Validation.MAX_FILES_BYTES,
      message = "files must total at most 1 MiB (names and contents): they become one ConfigMap")
  @JsonPropertyDescription("Files mounted into every environment of the project (name to content; at most 1 MiB in total).")
  public Map<String, @Size(max = 262144) String> files;

  // ---- workloads: secrets, private images, probes ----

  @Size(max = 100)
  @ValidationRule(value = "self.all(k, k.matches('^[A-Za-z_][A-Za-z0-9_]{0,127}$'))",
      message = "variable names must be environment variable names ([A-Za-z_][A-Za-z0-9_]*)")
  @JsonPropertyDescription("Environment variables whose values come from keys of Secrets in the organization's home"
      + " namespace (labelled " + Labels.USE_IN_ENVIRONMENTS + ": \"true\"), given to every environment of the project.")
  public Map<String, SecretVariable> secretVariables;

  @Size(max = 10)
  @ValidationRule(value = "self.all(a, self.exists_one(b, b.name == a.name))", message = "imagePullSecrets must not repeat a name")
  @JsonPropertyDescription("Secrets of type kubernetes.io/dockerconfigjson in the organization's home namespace (labelled "
      + Labels.USE_IN_ENVIRONMENTS + ": \"true\") used to pull every environment's image.")
  public List<SecretReference> imagePullSecrets;

  @JsonPropertyDescription("Readiness and liveness probes of every environment's application container.")
  public HealthProbes probes;
}
