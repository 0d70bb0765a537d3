package io.orgspace.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
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
}
