package io.orgspace.ssh;

import io.orgspace.api.Labels;
import java.util.Map;

/** What each SSH object is, as a label: every SSH informer selects on it and caches nothing else. */
public final class SshLabels {
  public static final String KIND = "orgspace.io/ssh";
  public static final String AUTHORITY = "certificate-authority";
  public static final String CERTIFICATES = "user-certificates";
  public static final String TRUST_BUNDLE = "trust-bundle";
  public static final String MEMBERSHIP = "orgspace.io/membership";

  public static final String AUTHORITY_SELECTOR = Labels.MANAGED_SELECTOR + "," + KIND + "=" + AUTHORITY;
  public static final String CERTIFICATES_SELECTOR = Labels.MANAGED_SELECTOR + "," + KIND + "=" + CERTIFICATES;
  public static final String TRUST_BUNDLE_SELECTOR = Labels.MANAGED_SELECTOR + "," + KIND + "=" + TRUST_BUNDLE;

  private SshLabels() {}

  public static Map<String, String> of(String organization, String kind) {
    Map<String, String> labels = Labels.forOrganization(organization);
    labels.put(KIND, kind);
    return labels;
  }
}
