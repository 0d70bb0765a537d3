package io.orgspace.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;

/** A source admitted to a preview's SSH port, as in a NetworkPolicy: namespaces by label, or an address range. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.namespaceSelector) != has(self.ipBlock)",
    message = "set either namespaceSelector or ipBlock")
public class SshPeer {
  @JsonPropertyDescription("Namespaces whose pods may connect ({} selects every namespace).")
  public LabelSelector namespaceSelector;

  @JsonPropertyDescription("Addresses that may connect, e.g. a VPN's range.")
  public IpBlock ipBlock;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class IpBlock {
    @Required
    @Size(max = 64)
    @Pattern(Validation.CIDR)
    @JsonPropertyDescription("An address range in CIDR notation, e.g. 10.8.0.0/16.")
    public String cidr;

    @Size(max = 16)
    @JsonPropertyDescription("Ranges inside cidr that may not connect.")
    public List<@Size(max = 64) @Pattern(Validation.CIDR) String> except;
  }
}
