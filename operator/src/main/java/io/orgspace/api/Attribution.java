package io.orgspace.api;

import java.util.List;

/**
 * The annotations that say who made and who last changed an Orgspace object. The API server
 * writes them (a MutatingAdmissionPolicy, see {@code io.orgspace.access.AttributionPolicy}) on
 * every create and update; whatever a request itself puts there is overwritten, so they cannot be
 * forged by the people they name.
 */
public final class Attribution {
  /** The user that created the object: a Kubernetes username, or {@code apikey:<org>/<key>}. */
  public static final String CREATED_BY = "orgspace.io/created-by";
  /** The user whose request last changed the spec (a new generation). */
  public static final String CHANGED_BY = "orgspace.io/changed-by";

  /**
   * On an Environment written from a forge's webhook: the forge, the pull request's author, the
   * account that sent the delivery, and the pull request's URL. Only a writer holding
   * {@link #FORGE_VERB} on the object may set them (the operator); anyone else's change to the spec
   * removes them, and anyone else's attempt to set them is undone.
   */
  public static final String FORGE_PROVIDER = "orgspace.io/forge-provider";
  public static final String FORGE_AUTHOR = "orgspace.io/forge-author";
  public static final String FORGE_SENDER = "orgspace.io/forge-sender";
  public static final String FORGE_URL = "orgspace.io/forge-url";
  public static final List<String> FORGE = List.of(FORGE_PROVIDER, FORGE_AUTHOR, FORGE_SENDER, FORGE_URL);
  /** The custom verb on a resource that lets a writer set the forge annotations. */
  public static final String FORGE_VERB = "attribute-forge";

  /** How an API key is named as an actor (its ServiceAccount {@code apikey-<key>} in {@code org-<org>}). */
  public static final String API_KEY_ACTOR_PREFIX = "apikey:";
  /** The longest forge value recorded (a URL can be long; logins are short). */
  public static final int MAX_FORGE_VALUE = 512;

  private Attribution() {}
}
