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
  @JsonPropertyDescription("The pull requests the webhook applied an event of, by number: \"<number> <updatedAt>\","
      + " or \"<number> <updatedAt> closed <closedAt>\" when that event closed it (RFC 3339, UTC).")
  // One string per entry, not an object: the API server stores and checks it at half the cost, and
  // the webhook writes it on every delivery.
  public List<String> pullRequests;

  @Size(max = 64)
  @JsonPropertyDescription("Provider time of the newest event among the pruned entries: an event no newer than it,"
      + " for a pull request without an entry, is refused.")
  public String prunedThrough;
}
