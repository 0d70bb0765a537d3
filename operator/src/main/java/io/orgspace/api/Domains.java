package io.orgspace.api;

import java.util.Collection;

/** Host names against the domains an organization owns. */
public final class Domains {
  private Domains() {}

  /** True when {@code host} is {@code domain} itself or a name under it (label boundary, not a suffix). */
  public static boolean isUnder(String host, String domain) {
    return host.equals(domain) || host.endsWith("." + domain);
  }

  public static boolean isUnderAny(String host, Collection<String> domains) {
    return domains != null && domains.stream().anyMatch(d -> isUnder(host, d));
  }
}
