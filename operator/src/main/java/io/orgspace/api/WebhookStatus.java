package io.orgspace.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * The webhook's ordering memory of one project: per pull request, the provider's time of the last
 * event it applied and whether that event closed it. Closed entries are pruned after a retention
 * period; {@link #prunedThrough} keeps what the pruned ones proved.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WebhookStatus {
  /** Most entries one project keeps; past it the oldest closed ones go first. */
  public static final int MAX_PULL_REQUESTS = 100;

  @Size(max = MAX_PULL_REQUESTS)
  @JsonPropertyDescription("The pull requests the webhook applied an event of, by number.")
  public List<PullRequestState> pullRequests;

  @Size(max = 64)
  @JsonPropertyDescription("Provider time of the newest event among the pruned entries: an event no newer than it,"
      + " for a pull request without an entry, is refused.")
  public String prunedThrough;
}
