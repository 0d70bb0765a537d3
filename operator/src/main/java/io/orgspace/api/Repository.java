package io.orgspace.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class Repository {
  @Required
  @JsonPropertyDescription("github, gitlab, gitea or forgejo.")
  public GitProvider provider;

  @Required
  @Size(max = 2048)
  @Pattern("^https://[a-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~%/-]*)?$")
  @JsonPropertyDescription("HTTPS URL of the repository, e.g. https://github.com/acme/shop.")
  public String url;

  @JsonPropertyDescription("Secret (same namespace) holding the webhook secret or token.")
  public SecretKeyRef webhookSecretRef;
}
