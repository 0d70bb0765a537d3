package io.orgspace.runtime;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Address ranges in CIDR notation, checked as the API server checks a NetworkPolicy's ipBlock. */
final class Cidrs {
  private Cidrs() {}

  static boolean isValid(String cidr) {
    int slash = cidr.indexOf('/');
    if (slash < 0 || !cidr.substring(slash + 1).matches("[0-9]{1,3}")) {
      return false;
    }
    String address = cidr.substring(0, slash);
    // Dotted quads only (InetAddress would also take "10.0.0"), or an IPv6 literal.
    boolean ipv4 = address.matches("((25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])");
    if (!ipv4 && !(address.contains(":") && address.matches("[0-9a-fA-F:.]+"))) {
      return false;
    }
    try {
      // Only literal addresses reach here (the pattern above), so this never resolves a name.
      byte[] bytes = InetAddress.getByName(address).getAddress();
      return Integer.parseInt(cidr.substring(slash + 1)) <= bytes.length * 8;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  static boolean isIpv4(String cidr) {
    return isValid(cidr) && !cidr.contains(":");
  }
}
