package io.orgspace.api;

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
  /** An IPv4 or IPv6 range in CIDR notation (the API server checks an IPv6 literal fully when the policy is written). */
  public static final String CIDR = "^(((25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])"
      + "/([0-9]|[12][0-9]|3[0-2])|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*/([0-9]|[1-9][0-9]|1[01][0-9]|12[0-8]))$";
  /** Environment variable name. */
  public static final String ENV_NAME = "^[A-Za-z_][A-Za-z0-9_]*$";
  /** ConfigMap key. */
  public static final String CONFIG_KEY = "^[-._a-zA-Z0-9]+$";
  /**
   * CEL: every key of a map is a ConfigMap (or Secret) key as the API server takes it: 1 to 253 of
   * {@code [-._a-zA-Z0-9]}, neither {@code .} nor {@code ..} nor starting with {@code ..}.
   */
  public static final String CEL_CONFIG_KEYS =
      "self.all(k, k.matches('^[-._a-zA-Z0-9]{1,253}$') && k != '.' && !k.startsWith('..'))";
  /**
   * RFC 1123 DNS subdomain: what the name of a Secret, an IngressClass or most other objects must
   * be (dot-separated DNS labels); the length limit (253) is set next to each use.
   */
  public static final String DNS_SUBDOMAIN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
  /** A commit SHA, abbreviated or full. */
  public static final String GIT_SHA = "^[0-9a-f]{7,40}$";
  /** RFC 3339 time as the schemas accept it (the CEL rule {@link #CEL_TIMESTAMP} also checks the calendar). */
  public static final String RFC3339 =
      "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$";

  /** CEL: no C0 control character nor DEL (terminal escapes, NUL, line breaks) in a string. */
  public static final String CEL_NO_CONTROL = "!self.matches('[\\\\x00-\\\\x1f\\\\x7f]')";
  /** CEL: the string is a real point in time (no 30 February, no year 0), as Go and Java parse RFC 3339. */
  public static final String CEL_TIMESTAMP = "timestamp(self) == timestamp(self)";
  /**
   * CEL: every key of a quota map is a name a ResourceQuota accepts — a standard quota resource
   * (pods, requests.cpu, ...), a huge-pages one, or a qualified name with a prefix
   * (count/deployments.apps, requests.nvidia.com/gpu, gold.storageclass.storage.k8s.io/requests.storage).
   * Anything else would make the API server refuse every environment namespace's quota.
   */
  public static final String CEL_QUOTA_KEYS = "self.all(k, k in ['pods', 'services', 'replicationcontrollers',"
      + " 'resourcequotas', 'secrets', 'configmaps', 'persistentvolumeclaims', 'services.nodeports',"
      + " 'services.loadbalancers', 'cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory',"
      + " 'requests.storage', 'requests.ephemeral-storage', 'limits.cpu', 'limits.memory', 'limits.ephemeral-storage']"
      + " || k.matches('^(requests\\\\.)?hugepages-[A-Za-z0-9]+$')"
      + " || (k.size() <= 317 && k.matches('^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*"
      + "/[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$')))";
  /**
   * CEL: every key of a container limits/requests map is a resource a LimitRange accepts: cpu,
   * memory, ephemeral-storage, huge pages, or an extended resource with a prefix (nvidia.com/gpu).
   */
  public static final String CEL_CONTAINER_RESOURCE_KEYS = "self.all(k, k in ['cpu', 'memory', 'ephemeral-storage']"
      + " || k.matches('^hugepages-[A-Za-z0-9]+$')"
      + " || (k.size() <= 317 && k.matches('^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*"
      + "/[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$')))";
  public static final String QUOTA_KEYS_MESSAGE = "quota keys must be ResourceQuota resource names, e.g. requests.cpu,"
      + " pods, count/deployments.apps";

  /** CEL: a Kubernetes quantity (2, 500m, 4Gi) in every value of a map. */
  public static final String CEL_QUANTITIES = "self.all(k, isQuantity(self[k]))";
  /** Bytes of a name-to-text map as a ConfigMap or an env list counts them: keys and values (UTF-8). */
  public static String celTotalBytes(int max) {
    return "self.map(k, bytes(k).size() + bytes(self[k]).size()).sum() <= " + max;
  }

  /** Total size of an environment's (or a project's) variables: both together fit a container's env. */
  public static final int MAX_VARIABLES_BYTES = 256 * 1024;
  /** Total size of a project's files: they become one ConfigMap, which holds at most 1 MiB. */
  public static final int MAX_FILES_BYTES = 1024 * 1024;

  private Validation() {}
}
