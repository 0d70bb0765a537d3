package io.orgspace.api;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;

/**
 * The one rule for naming an organization's namespaces, and for deciding whether a namespace is
 * an organization's.
 *
 * <p>Names: a home namespace is {@code org-<organization>}; an environment namespace is
 * {@code env-<organization>-<project>-<environment>} (cut to fit) followed by 8 hex characters of
 * the SHA-256 of the unambiguous tuple {@code <organization>/<project>/<environment>} ('/' is in
 * none of the three). The prefixes keep the two kinds apart; the hash keeps environment namespaces
 * of different tuples apart even when their readable parts are the same ("a-b" + "c" and
 * "a" + "b-c"). A 32-bit hash can still meet another by chance: that rare case is refused as a
 * NamespaceConflict by the environment controller, never shared.
 *
 * <p>Proof: a name only claims an organization. An object is attributed to an organization only
 * when its namespace carries that organization's labels and the Organization's UID, which the
 * operator alone writes on the namespace (no tenant role may update namespaces).
 */
public final class TenantNamespaces {
  public static final String HOME_PREFIX = "org-";
  public static final String ENVIRONMENT_PREFIX = "env-";
  /** The UID of the Organization the namespace belongs to, written by the operator. */
  public static final String ORGANIZATION_UID = "orgspace.io/organization-uid";
  private static final int MAX = 63;
  private static final int HASH = 8;

  private TenantNamespaces() {}

  public static String home(String organization) {
    return HOME_PREFIX + organization;
  }

  /** The organization a namespace's name claims as its home, or null: a claim, never a proof (see {@link #verify}). */
  public static String claimedOrganization(String namespace) {
    return namespace != null && namespace.startsWith(HOME_PREFIX) && namespace.length() > HOME_PREFIX.length()
        ? namespace.substring(HOME_PREFIX.length())
        : null;
  }

  /**
   * The namespace of environment {@code environment} (its name, or {@code pr-<n>} for a pull
   * request's preview) of {@code project} in {@code organization}.
   */
  public static String environment(String organization, String project, String environment) {
    String hash = Names.hash(organization + "/" + project + "/" + environment, HASH);
    String readable = (organization + "-" + project + "-" + environment).toLowerCase(java.util.Locale.ROOT)
        .replaceAll("[^a-z0-9-]+", "-").replaceAll("-+", "-");
    int room = MAX - ENVIRONMENT_PREFIX.length() - 1 - HASH;
    readable = readable.substring(0, Math.min(readable.length(), room)).replaceAll("^-+|-+$", "");
    return ENVIRONMENT_PREFIX + (readable.isEmpty() ? "" : readable + "-") + hash;
  }

  /** Labels on every namespace of an organization: who it is, by name and by UID. */
  public static Map<String, String> labels(Organization organization) {
    Map<String, String> labels = Labels.forOrganization(organization.getMetadata().getName());
    labels.put(ORGANIZATION_UID, organization.getMetadata().getUid());
    return labels;
  }

  /** Why a namespace is not the organization's, or null when it is. */
  public static String verify(HasMetadata namespace, Organization organization) {
    if (organization == null || organization.getMetadata().getUid() == null) {
      return "no such Organization";
    }
    if (namespace == null) {
      return "its namespace does not exist or was not made by Orgspace";
    }
    Map<String, String> labels = namespace.getMetadata().getLabels();
    String name = organization.getMetadata().getName();
    if (labels == null || !Labels.MANAGED_BY_VALUE.equals(labels.get(Labels.MANAGED_BY))
        || !name.equals(labels.get(Labels.ORGANIZATION))) {
      return "namespace " + namespace.getMetadata().getName() + " is not labelled for organization " + name;
    }
    if (!organization.getMetadata().getUid().equals(labels.get(ORGANIZATION_UID))) {
      return "namespace " + namespace.getMetadata().getName() + " does not carry the UID of organization " + name
          + " (" + ORGANIZATION_UID + "), which the operator writes once it has verified the namespace";
    }
    return null;
  }

  /** Whether {@link #verify} finds the namespace to be the organization's. */
  public static boolean belongsTo(HasMetadata namespace, Organization organization) {
    return verify(namespace, organization) == null;
  }
}
