package io.orgspace.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** An HTTP GET probe of the application container: 2xx and 3xx answers pass. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HttpProbe {
  @Size(max = 1024)
  @Pattern("^/[\\x21-\\x7e]*$")
  @JsonPropertyDescription("Path to GET, starting with / (default /).")
  public String path;

  @Min(1)
  @Max(65535)
  @JsonPropertyDescription("Port to probe (default: the environment's container port).")
  public Integer port;

  @Min(0)
  @Max(3600)
  @JsonPropertyDescription("Seconds after the container starts before the first probe (default: 0 for readiness,"
      + " 30 for liveness).")
  public Integer initialDelaySeconds;

  @Min(1)
  @Max(300)
  @JsonPropertyDescription("Seconds between probes (default: 5 for readiness, 10 for liveness).")
  public Integer periodSeconds;

  @Min(1)
  @Max(30)
  @JsonPropertyDescription("Failures in a row before the container counts as not ready, or is restarted (default 3).")
  public Integer failureThreshold;
}
