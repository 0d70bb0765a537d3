package io.orgspace.project;

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
  @JsonPropertyDescription("Environment variables given to every environment of the project.")
  public Map<String, @Size(max = 32768) String> variables;

  @Size(max = 50)
  @ValidationRule(value = "self.all(k, k.matches('^[-._a-zA-Z0-9]{1,253}$'))",
      message = "file names must be ConfigMap keys ([-._a-zA-Z0-9]+)")
  @JsonPropertyDescription("Files mounted into every environment of the project (name to content).")
  public Map<String, @Size(max = 262144) String> files;
}
