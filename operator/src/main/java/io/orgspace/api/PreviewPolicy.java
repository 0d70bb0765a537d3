package io.orgspace.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

/** Defaults and rules for the project's preview environments. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PreviewPolicy {
  @Size(max = 240)
  @Pattern(Validation.HOSTNAME)
  @JsonPropertyDescription("Domain under which previews are served: pr-<n>.<domain>. Must lie under one of the organization's domains.")
  public String domain;

  @JsonPropertyDescription("Protect preview hosts with HTTP basic auth.")
  public Boolean basicAuth;

  @Default("168h")
  @Pattern(Validation.DURATION)
  @ValidationRule(value = "duration(self) >= duration('1h') && duration(self) <= duration('2160h')",
      message = "ttl must be between 1h and 2160h (90 days)")
  @JsonPropertyDescription("How long a pull request's preview lives after its last push (1h to 2160h, default 168h); named"
      + " environments live until deleted unless they set spec.expiresAt.")
  public String ttl = "168h";

  @Size(max = 512)
  @Pattern("^[^\\s]+$")
  @JsonPropertyDescription("Image template; {{sha}}, {{branch}} and {{pr}} are replaced, e.g. registry.acme.example/shop:{{sha}}.")
  public String image;

  @Min(1)
  @Max(65535)
  @JsonPropertyDescription("Container port the application listens on.")
  public Integer port;

  @Min(0)
  @Max(10)
  @JsonPropertyDescription("Replicas per preview (default 1).")
  public Integer replicas;

  @JsonPropertyDescription("Also create previews for draft pull requests.")
  public Boolean drafts;

  @JsonPropertyDescription("Also create previews for pull requests from forks (default false): their code would run"
      + " with the project's variables and files.")
  public Boolean forks;

  @Size(max = 16)
  @JsonPropertyDescription("Only pull requests carrying one of these labels get a preview (empty: all).")
  public List<@Size(max = 100) String> labels;

  @Size(max = 253)
  @Pattern(Validation.DNS_SUBDOMAIN)
  @JsonPropertyDescription("IngressClass for preview Ingresses (default: the operator's setting).")
  public String ingressClassName;

  @JsonPropertyDescription("Ingress (default) or HTTPRoute (Gateway API).")
  public Routing routing;

  @JsonPropertyDescription("TLS for preview hosts.")
  public PreviewTls tls;

  @Size(max = 32)
  @ValidationRule(value = Validation.CEL_QUOTA_KEYS, message = Validation.QUOTA_KEYS_MESSAGE)
  @ValidationRule(value = Validation.CEL_QUANTITIES, message = "quota values must be quantities, e.g. 2, 500m, 4Gi")
  @JsonPropertyDescription("ResourceQuota hard limits per preview namespace (overrides the organization's defaults).")
  public Map<String, @Size(max = 32) String> quota;

  @JsonPropertyDescription("Also keep one comment on the pull request with the preview's state and URL, edited in"
      + " place (default false; needs repository.tokenSecretRef). The commit status is always reported.")
  public Boolean comment;

  // Idle previews and SSH into previews.
  @Pattern(Validation.DURATION)
  @ValidationRule(value = "duration(self) >= duration('1m') && duration(self) <= duration('2160h')",
      message = "hibernateAfter must be between 1m and 2160h (90 days)")
  @JsonPropertyDescription("Scale a preview to zero replicas after this long without a push (1m to 2160h; default:"
      + " never); the next push wakes it. status.hibernatedAt and the Hibernated condition say when.")
  public String hibernateAfter;

  @JsonPropertyDescription("An sshd sidecar in every preview, trusting the organization's SSH certificates.")
  public PreviewSsh ssh;
}
