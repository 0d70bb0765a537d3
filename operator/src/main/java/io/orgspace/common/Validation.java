package io.orgspace.common;

/**
 * Patterns and CEL fragments shared by the resource schemas, so that every kind judges a hostname,
 * a duration or a user name the same way.
 */
public final class Validation {
  /** RFC 1123 DNS label: what a namespace or resource name part must be. */
  public static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
  /** Lower-case fully qualified host name, at least two labels, no wildcard. */
  public static final String HOSTNAME =
      "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)+$";
  /** Go-style duration restricted to hours, minutes and seconds, e.g. 16h, 1h30m, 90s. */
  public static final String DURATION = "^([0-9]{1,6}(h|m|s))+$";
  /**
   * A Kubernetes user name as an OIDC/SAML authenticator sets it: an e-mail address, optionally
   * behind the authenticator's prefix (e.g. "oidc:bob@acme.example").
   */
  public static final String USER =
      "^([A-Za-z0-9_-]+:)?[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+$";
  /** Environment variable name. */
  public static final String ENV_NAME = "^[A-Za-z_][A-Za-z0-9_]*$";
  /** ConfigMap key. */
  public static final String CONFIG_KEY = "^[-._a-zA-Z0-9]+$";
  /** A commit SHA, abbreviated or full. */
  public static final String GIT_SHA = "^[0-9a-f]{7,40}$";

  private Validation() {}
}
