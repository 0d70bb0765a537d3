package io.orgspace.api;

import java.util.LinkedHashMap;
import java.util.Map;

/** Labels every object written by Orgspace carries, and the selectors built from them. */
public final class Labels {
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY_VALUE = "orgspace";
  public static final String ORGANIZATION = "orgspace.io/organization";
  public static final String PROJECT = "orgspace.io/project";
  public static final String ENVIRONMENT = "orgspace.io/environment";
  /**
   * On a Secret of a home namespace, {@code "true"}: its owners release it to environments — only
   * such Secrets may be named by secretVariables and imagePullSecrets (never one Orgspace made).
   */
  public static final String USE_IN_ENVIRONMENTS = "orgspace.io/use-in-environments";
  /** On the Secrets the operator copies into an environment namespace: what the copy is for. */
  public static final String COPY = "orgspace.io/copy";
  /** Selects only what Orgspace made: secondary informers are filtered with it. */
  public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + MANAGED_BY_VALUE;
  /** Selects the environments' credentials Secrets (in the home namespace: no project label). */
  public static final String CREDENTIALS_SELECTOR = MANAGED_SELECTOR + "," + ENVIRONMENT + ",!" + PROJECT;

  /**
   * On a home namespace: the user-name prefix every Membership of the organization must carry
   * (spec.sso.required); the admission policy on Memberships reads it from there.
   */
  public static final String SSO_REQUIRED_USER_PREFIX = "orgspace.io/sso-required-user-prefix";

  private Labels() {}

  public static Map<String, String> forOrganization(String organization) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(MANAGED_BY, MANAGED_BY_VALUE);
    labels.put(ORGANIZATION, organization);
    return labels;
  }
}
