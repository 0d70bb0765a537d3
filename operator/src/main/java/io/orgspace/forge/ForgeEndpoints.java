package io.orgspace.forge;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The forge APIs the operator may call: the one rule against a Project making the operator send
 * requests (with a token) to any host it names, such as a cluster-internal service or a cloud's
 * metadata address. A URL is allowed only when it starts with one of the listed base URLs: same
 * scheme, same host spelled the same way, same port, and its path under the listed one. The list is
 * the platform's (the operator setting {@code ORGSPACE_FORGE_API_URLS}, chart value
 * {@code forge.apiUrls}); by default the public forges. A URL with user information, a query or a
 * fragment is never allowed, and neither is a literal loopback, private, link-local or otherwise
 * special address (in any spelling: decimal, hex, octal, IPv4-mapped IPv6) unless the list names that
 * exact address.
 */
public final class ForgeEndpoints {
  /** The public forges' APIs, allowed unless the platform sets its own list. */
  public static final List<String> PUBLIC = List.of("https://api.github.com", "https://gitlab.com/api/v4",
      "https://gitea.com/api/v1", "https://codeberg.org/api/v1");
  public static final String SETTING = "ORGSPACE_FORGE_API_URLS";

  private record Base(String scheme, String host, int port, String path) {}

  private final List<Base> allowed;

  private ForgeEndpoints(List<Base> allowed) {
    this.allowed = allowed;
  }

  public static ForgeEndpoints publicForges() {
    return of(PUBLIC);
  }

  /**
   * The operator setting: base URLs separated by commas or white space; unset or blank means
   * {@link #PUBLIC}. A malformed entry stops the operator's start.
   */
  public static ForgeEndpoints fromSetting(String setting) {
    if (setting == null || setting.isBlank()) {
      return publicForges();
    }
    return of(List.of(setting.trim().split("[,\\s]+")));
  }

  public static ForgeEndpoints of(List<String> urls) {
    List<Base> bases = new ArrayList<>();
    for (String url : urls) {
      Base base = parse(url).orElseThrow(() -> new IllegalArgumentException(SETTING + ": " + url
          + " is no http(s) base URL without user information, query or fragment"));
      bases.add(base);
    }
    return new ForgeEndpoints(List.copyOf(bases));
  }

  /** Why the operator may not call this URL, or empty when it may. The message names the URL's host only. */
  public Optional<String> problem(String url) {
    Optional<Base> parsed = parse(url);
    if (parsed.isEmpty()) {
      return Optional.of("the forge API URL must be http(s) without user information, query or fragment");
    }
    Base base = parsed.get();
    for (Base entry : allowed) {
      if (entry.scheme.equals(base.scheme) && entry.host.equals(base.host) && entry.port == base.port
          && (entry.path.isEmpty() || base.path.equals(entry.path) || base.path.startsWith(entry.path + "/"))) {
        return Optional.empty();
      }
    }
    String special = specialAddress(base.host).map(kind -> ", a " + kind + " address,").orElse("");
    return Optional.of("the forge API at " + base.scheme + "://" + base.host + (special.isEmpty() ? "" : special)
        + " is not among the forge APIs this platform allows (operator setting " + SETTING
        + "; by default the public forges only)");
  }

  public List<String> allowed() {
    return allowed.stream().map(b -> b.scheme + "://" + b.host + ":" + b.port + b.path).toList();
  }

  private static Optional<Base> parse(String url) {
    if (url == null) {
      return Optional.empty();
    }
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      return Optional.empty();
    }
    // Everything but scheme, host, port and path is refused: "https://api.github.com@evil" has a host
    // of evil, and a query or fragment has no place in a base URL.
    if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
        || uri.getHost() == null || uri.getRawAuthority() == null || uri.getRawAuthority().contains("@")) {
      return Optional.empty();
    }
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
    if (path.contains("/../") || path.endsWith("/..") || path.contains("/./")) {
      return Optional.empty();
    }
    return Optional.of(new Base(scheme, host, port, path));
  }

  /**
   * The kind of special address the host is, when it is a literal address in any spelling the
   * system's resolver takes (1 to 4 dotted parts, each decimal, 0x-hex or 0-octal; IPv6 in brackets).
   */
  static Optional<String> specialAddress(String host) {
    Optional<InetAddress> address = literal(host);
    if (address.isEmpty()) {
      return Optional.empty();
    }
    InetAddress a = address.get();
    byte[] b = a.getAddress();
    if (b.length == 16 && isMappedV4(b)) {
      try {
        a = InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16));
      } catch (UnknownHostException impossible) {
        return Optional.of("special");
      }
    }
    if (a.isLoopbackAddress()) {
      return Optional.of("loopback");
    }
    if (a.isLinkLocalAddress()) {
      return Optional.of("link-local");
    }
    if (a.isSiteLocalAddress() || a.isAnyLocalAddress() || (b.length == 16 && (b[0] & 0xfe) == 0xfc)) {
      return Optional.of("private");
    }
    return Optional.of("literal IP");
  }

  private static boolean isMappedV4(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return (b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0);
  }

  /** Parses without any name lookup. */
  static Optional<InetAddress> literal(String host) {
    try {
      if (host.startsWith("[") || host.contains(":")) {
        String bare = host.replaceAll("^\\[|\\]$", "");
        return bare.matches("[0-9a-fA-F:.%a-zA-Z]+") && bare.contains(":")
            ? Optional.of(InetAddress.getByName(bare)) : Optional.empty();
      }
      String[] parts = host.split("\\.", -1);
      if (parts.length == 0 || parts.length > 4) {
        return Optional.empty();
      }
      long[] values = new long[parts.length];
      for (int i = 0; i < parts.length; i++) {
        String p = parts[i];
        if (p.isEmpty()) {
          return Optional.empty();
        }
        if (p.matches("0[xX][0-9a-fA-F]*")) {
          values[i] = p.length() == 2 ? 0 : Long.parseLong(p.substring(2), 16);
        } else if (p.matches("0[0-7]+")) {
          values[i] = Long.parseLong(p.substring(1), 8);
        } else if (p.matches("[0-9]+") && p.length() <= 12) {
          values[i] = Long.parseLong(p);
        } else {
          return Optional.empty();
        }
      }
      long value = 0;
      for (int i = 0; i < values.length - 1; i++) {
        if (values[i] > 255) {
          return Optional.empty();
        }
        value = (value << 8) | values[i];
      }
      int rest = 4 - (values.length - 1);
      long last = values[values.length - 1];
      if (last >= (1L << (8 * rest))) {
        return Optional.empty();
      }
      value = (value << (8 * rest)) | last;
      byte[] bytes = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
      return Optional.of(InetAddress.getByAddress(bytes));
    } catch (UnknownHostException | NumberFormatException e) {
      return Optional.empty();
    }
  }
}
