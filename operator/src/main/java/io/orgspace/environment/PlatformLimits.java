package io.orgspace.environment;

import io.fabric8.kubernetes.api.model.Quantity;
import io.orgspace.api.Organization;
import io.orgspace.api.OrganizationLimits;
import io.orgspace.runtime.PreviewSettings;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bounds the platform sets on an organization's environments: its spec.limits (which only a
 * platform administrator may write), field by field, else the operator's defaults. A pure function.
 */
record PlatformLimits(int maxEnvironments, Map<String, String> maxQuota, boolean allowIsolationRelaxed) {
  static final String REASON = "LimitExceeded";
  /** The condition that reports a capped quota or a refused relaxation, beside Ready. */
  static final String CONDITION = "WithinLimits";

  static PlatformLimits of(Organization organization, PreviewSettings settings) {
    OrganizationLimits limits = organization == null || organization.getSpec() == null ? null
        : organization.getSpec().limits;
    return new PlatformLimits(
        limits != null && limits.maxEnvironments != null ? limits.maxEnvironments : settings.maxEnvironments(),
        limits != null && limits.maxQuota != null ? new TreeMap<>(limits.maxQuota) : new TreeMap<>(settings.maxQuota()),
        limits != null && limits.allowIsolationRelaxed != null ? limits.allowIsolationRelaxed
            : settings.allowIsolationRelaxed());
  }

  /**
   * The quota as asked, each resource at most its maximum, and a resource the maximum names but
   * the quota leaves out set to the maximum: no environment namespace is unbounded in it.
   */
  Map<String, String> cap(Map<String, String> quota) {
    Map<String, String> capped = new TreeMap<>(quota);
    maxQuota.forEach((resource, max) -> {
      String asked = capped.get(resource);
      if (asked == null || above(asked, max)) {
        capped.put(resource, max);
      }
    });
    return capped;
  }

  /** The resources whose asked quota is above the maximum, as {@code resource=asked (max max)}. */
  List<String> excess(Map<String, String> quota) {
    List<String> excess = new ArrayList<>();
    new TreeMap<>(quota).forEach((resource, asked) -> {
      String max = maxQuota.get(resource);
      if (max != null && above(asked, max)) {
        excess.add(resource + "=" + asked + " (maximum " + max + ")");
      }
    });
    return excess;
  }

  private static boolean above(String asked, String max) {
    try {
      BigDecimal a = Quantity.getAmountInBytes(new Quantity(asked));
      BigDecimal m = Quantity.getAmountInBytes(new Quantity(max));
      return a.compareTo(m) > 0;
    } catch (IllegalArgumentException e) {
      return true; // the schema refuses these; an unreadable one gets the maximum
    }
  }
}
