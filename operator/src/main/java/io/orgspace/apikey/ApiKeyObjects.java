package io.orgspace.apikey;

import io.orgspace.api.ApiKey;
import io.orgspace.api.Labels;
import io.orgspace.api.Names;
import io.orgspace.api.Organization;
import java.util.LinkedHashMap;
import java.util.Map;

/** Names, labels and annotations of an ApiKey's ServiceAccount and token Secret. */
public final class ApiKeyObjects {
  /** On the token Secret: when its token was issued and ends, and for which ServiceAccount. */
  public static final String ISSUED_AT = "orgspace.io/issued-at";
  public static final String EXPIRES_AT = "orgspace.io/expires-at";
  public static final String SERVICE_ACCOUNT_UID = "orgspace.io/service-account-uid";
  public static final String ROTATION_REQUEST = "orgspace.io/rotation-request";
  /** On an API key's ServiceAccount and token Secret: the key's name. */
  public static final String KEY_LABEL = "orgspace.io/apikey";
  /** Selects the token Secrets alone: that informer caches no other Secret of Orgspace's. */
  public static final String TOKEN_SELECTOR = Labels.MANAGED_SELECTOR + "," + KEY_LABEL;
  /** Set on an ApiKey to rotate its token now (any new value). */
  public static final String ROTATE = "orgspace.io/rotate";

  private ApiKeyObjects() {}

  static Map<String, String> labels(ApiKey key) {
    Map<String, String> labels = new LinkedHashMap<>(Labels.forOrganization(
        Organization.fromHomeNamespace(key.getMetadata().getNamespace())));
    // A label value holds at most 63 characters; a longer key name is cut with a hash suffix.
    labels.put(KEY_LABEL, Names.fit(key.getMetadata().getName(), 63));
    return labels;
  }
}
