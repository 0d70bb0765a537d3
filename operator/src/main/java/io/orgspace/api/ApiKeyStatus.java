package io.orgspace.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApiKeyStatus extends ResourceStatus {
  @JsonPropertyDescription("When the current token expires.")
  public String expiresAt;

  @JsonPropertyDescription("When the current token was issued.")
  public String rotatedAt;

  @JsonPropertyDescription("Secret holding the token and a kubeconfig (never the token itself here).")
  public String secretName;

  @JsonPropertyDescription("The key's ServiceAccount (namespace/name): the identity its tokens carry.")
  public String serviceAccount;

  @JsonPropertyDescription("When the next token will be issued.")
  public String nextRotationAt;
}
