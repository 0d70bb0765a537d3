package io.orgspace.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** An sshd sidecar in each preview, configured from the environment namespace's SSH trust bundle. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PreviewSsh {
  /** The image the sidecar runs unless the project names another. */
  public static final String DEFAULT_IMAGE = "ghcr.io/orgspace/preview-sshd:1";

  @JsonPropertyDescription("Run the sshd sidecar (default false).")
  public Boolean enabled;

  @Size(max = 512)
  @Pattern("^[^\\s]+$")
  @JsonPropertyDescription("Sidecar image: /bin/sh, ssh-keygen and /usr/sbin/sshd (OpenSSH 8.2 or newer) and a user"
      + " with uid 1000 (default " + DEFAULT_IMAGE + ").")
  public String image;

  @Size(max = 16)
  @JsonPropertyDescription("Who may reach the SSH port over the network besides the environment's own namespace:"
      + " namespaces by label, address ranges. Default none: members connect with kubectl port-forward.")
  public List<SshPeer> allowedFrom;
}
