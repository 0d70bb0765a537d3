package io.orgspace.access;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.orgspace.common.FieldManager;
import io.orgspace.common.StatusUpdates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster-wide objects every installation needs — the four role ClusterRoles, the platform
 * administrator's ClusterRole, the admission policies and the attribution policy. The chart ships them (from the files {@code main} writes into it); the operator also
 * applies them at start so that a plain {@code java -jar} run is complete.
 */
public final class ClusterWideObjects {
  private static final Logger log = LoggerFactory.getLogger(ClusterWideObjects.class);
  public static final Path ROLES_FILE = Path.of("helm/orgspace/files/roles.yaml");
  public static final Path POLICIES_FILE = Path.of("helm/orgspace/files/admission-policies.yaml");
  /** The chart only: the operator neither knows its own identity when run by hand nor may write these. */
  /** Installed by the chart only where the API server serves MutatingAdmissionPolicy v1. */
  public static final Path ATTRIBUTION_FILE = Path.of("helm/orgspace/files/attribution-policy.yaml");
  public static final Path OPERATOR_GUARD_FILE = Path.of("helm/orgspace/files/operator-guard.yaml");

  private ClusterWideObjects() {}

  public static List<HasMetadata> all() {
    List<HasMetadata> objects = new ArrayList<>(roles());
    objects.addAll(policies());
    objects.addAll(AttributionPolicy.all());
    return objects;
  }

  static List<HasMetadata> roles() {
    List<HasMetadata> roles = new ArrayList<>(RoleClusterRoles.all());
    roles.add(PlatformAdmin.clusterRole());
    return roles;
  }

  static List<HasMetadata> policies() {
    List<HasMetadata> policies = new ArrayList<>(AdmissionPolicies.all());
    policies.addAll(PlatformAdmin.policies());
    return policies;
  }

  /** Records what was applied, so that a restart of a converged operator makes no write. */
  static final String APPLIED_HASH = "orgspace.io/applied-hash";
  /** Set by Helm on what a release installed. */
  static final String HELM_RELEASE = "meta.helm.sh/release-name";

  /**
   * Applies every object server-side unless the one in the cluster was applied from the same
   * content, or belongs to a Helm release (the chart ships the same objects, and its operator may
   * not write them); a refusal is logged, not fatal.
   */
  public static void ensure(KubernetesClient client) {
    List<String> helmOwned = new ArrayList<>();
    List<HasMetadata> objects = all();
    if (!AttributionPolicy.served(client)) { // reported on each Organization (Attribution=False)
      objects.removeIf(object -> object.getApiVersion().equals(AttributionPolicy.API_VERSION)
          && object.getKind().startsWith(AttributionPolicy.KIND));
    }
    for (HasMetadata object : objects) {
      try {
        String hash = sha256(Serialization.asJson(object));
        HasMetadata existing = client.resource(object).get();
        if (existing != null && existing.getMetadata().getAnnotations().containsKey(HELM_RELEASE)) {
          helmOwned.add(object.getKind() + " " + object.getMetadata().getName());
          continue;
        }
        if (existing != null && hash.equals(existing.getMetadata().getAnnotations().get(APPLIED_HASH))) {
          continue;
        }
        object.getMetadata().getAnnotations().put(APPLIED_HASH, hash);
        client.resource(object).fieldManager(FieldManager.NAME).forceConflicts().serverSideApply();
      } catch (KubernetesClientException e) {
        log.warn("could not apply {} {}: {}", object.getKind(), object.getMetadata().getName(), StatusUpdates.describe(e));
      }
    }
    if (!helmOwned.isEmpty()) {
      log.info("left to their Helm release: {}", String.join(", ", helmOwned));
    }
  }

  private static String sha256(String text) {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest, 0, 12);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String render(List<? extends HasMetadata> objects) {
    StringBuilder yaml = new StringBuilder("# Generated from the operator's code (make generate); do not edit.\n");
    for (HasMetadata object : objects) {
      String document = Serialization.asYaml(object);
      yaml.append(document.startsWith("---") ? document : "---\n" + document);
    }
    return yaml.toString();
  }

  public static String renderRoles() {
    return render(roles());
  }

  public static String renderPolicies() {
    return render(policies());
  }

  public static String renderAttribution() {
    return render(AttributionPolicy.all());
  }

  public static String renderOperatorGuard() {
    return render(OperatorGuard.forChart());
  }

  /** Writes the chart's copies; run from the repository root ({@code make generate}). */
  public static void main(String[] args) throws IOException {
    Path root = Path.of(args.length > 0 ? args[0] : ".");
    Files.createDirectories(root.resolve(ROLES_FILE).getParent());
    Files.writeString(root.resolve(ROLES_FILE), renderRoles());
    Files.writeString(root.resolve(POLICIES_FILE), renderPolicies());
    Files.writeString(root.resolve(ATTRIBUTION_FILE), renderAttribution());
    Files.writeString(root.resolve(OPERATOR_GUARD_FILE), renderOperatorGuard());
  }
}
