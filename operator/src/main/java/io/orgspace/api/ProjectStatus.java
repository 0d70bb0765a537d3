package io.orgspace.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Set;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProjectStatus extends ResourceStatus {
  /** The status field the webhook endpoint alone writes (its own field manager). */
  public static final String WEBHOOK_FIELD = "webhook";

  @JsonPropertyDescription("What the webhook endpoint remembers of the project's pull requests, so that a replayed or"
      + " late delivery never brings back an older state: written by the webhook endpoint only, never by the"
      + " project controller, and like all of the status out of tenants' reach.")
  public WebhookStatus webhook;

  @Override
  public Set<String> fieldsWrittenElsewhere() {
    return Set.of(WEBHOOK_FIELD);
  }
}
