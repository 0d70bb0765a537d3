package io.orgspace.access;

import io.orgspace.api.EnvironmentSpec;
import io.orgspace.api.ProjectSpec;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which verb it takes to set a field of an Environment or Project on create, or change it on
 * update: the one table the admission policies, the docs and the tests start from. A field whose
 * row names no custom verb ({@link #BASE}) needs only RBAC's {@code create} or {@code update}.
 * A spec field without a row needs every custom verb of its resource (fail closed: a field added
 * later is Owner-only until someone decides otherwise).
 */
public final class FieldPermissions {
  /** What runs: the image (or what chooses it through the project's template), port, replicas. */
  public static final String DEPLOY = "deploy";
  /** Where and to whom it is served: the host and HTTP basic auth. */
  public static final String EXPOSE = "expose";
  /** How long it lives: the expiry time. */
  public static final String EXPIRE = "expire";
  /** On environments its variables; on projects the settings (repository, preview policy). */
  public static final String CONFIGURE = "configure";
  /** On projects: name the organization's Secrets (secretVariables, imagePullSecrets). */
  public static final String REFERENCE_SECRETS = "reference-secrets";
  /** No custom verb: RBAC's create (on create) or update/patch (on update) is enough. */
  public static final String BASE = "";

  /** A leaf field of a spec (dotted path below {@code spec}) and the verb it takes. */
  public record FieldRule(String path, String verb) {
    public boolean needsCustomVerb() {
      return !BASE.equals(verb);
    }
  }

  /** A custom resource kind guarded field by field. */
  public record Guarded(String resource, Class<?> spec, Map<String, String> table, List<String> verbs) {
    /** Every leaf field of the spec with its verb; a field without a row gets {@link #UNLISTED}. */
    public List<FieldRule> rules() {
      return leafPaths(spec).stream().map(path -> new FieldRule(path, table.getOrDefault(path, UNLISTED))).toList();
    }
  }

  /** Stands for "every custom verb of the resource" for a field that has no row. */
  public static final String UNLISTED = "*";

  public static final Guarded ENVIRONMENTS = new Guarded("environments", EnvironmentSpec.class, table(
      "project", BASE,
      // The pull request number names the environment (like metadata.name): the project's template
      // decides what it becomes. The head commit and branch choose the image through that template.
      "pullRequest.number", BASE,
      "pullRequest.headSha", DEPLOY,
      "pullRequest.branch", DEPLOY,
      "image", DEPLOY,
      "port", DEPLOY,
      "replicas", DEPLOY,
      "variables", CONFIGURE,
      "basicAuth.enabled", EXPOSE,
      "basicAuth.secretName", EXPOSE,
      "host", EXPOSE,
      "expiresAt", EXPIRE,
      // Naming a Secret is setting variables: the row "update environment variables".
      "secretVariables", CONFIGURE), List.of(DEPLOY, EXPOSE, EXPIRE, CONFIGURE));

  public static final Guarded PROJECTS = new Guarded("projects", ProjectSpec.class, table(
      "repository.provider", CONFIGURE,
      "repository.url", CONFIGURE,
      "repository.webhookSecretRef.name", CONFIGURE,
      "repository.webhookSecretRef.key", CONFIGURE,
      "repository.apiUrl", CONFIGURE,
      "repository.tokenSecretRef.name", CONFIGURE,
      "repository.tokenSecretRef.key", CONFIGURE,
      "previews.domain", CONFIGURE,
      "previews.basicAuth", CONFIGURE,
      "previews.ttl", CONFIGURE,
      "previews.image", CONFIGURE,
      "previews.port", CONFIGURE,
      "previews.replicas", CONFIGURE,
      "previews.drafts", CONFIGURE,
      "previews.forks", CONFIGURE,
      "previews.labels", CONFIGURE,
      "previews.ingressClassName", CONFIGURE,
      "previews.routing", CONFIGURE,
      "previews.tls.secretName", CONFIGURE,
      "previews.tls.clusterIssuer", CONFIGURE,
      "previews.quota", CONFIGURE,
      "previews.comment", CONFIGURE,
      "previews.hibernateAfter", CONFIGURE,
      "previews.ssh.enabled", CONFIGURE,
      "previews.ssh.image", CONFIGURE,
      "previews.ssh.allowedFrom", CONFIGURE,
      "variables", BASE,
      "files", BASE,
      // Who may name a Secret follows the row "update environment variables", not "update project
      // variables": Support changes plain variables, never what reaches Secrets.
      "secretVariables", REFERENCE_SECRETS,
      "imagePullSecrets", REFERENCE_SECRETS,
      "probes.readiness.path", CONFIGURE,
      "probes.readiness.port", CONFIGURE,
      "probes.readiness.initialDelaySeconds", CONFIGURE,
      "probes.readiness.periodSeconds", CONFIGURE,
      "probes.readiness.failureThreshold", CONFIGURE,
      "probes.liveness.path", CONFIGURE,
      "probes.liveness.port", CONFIGURE,
      "probes.liveness.initialDelaySeconds", CONFIGURE,
      "probes.liveness.periodSeconds", CONFIGURE,
      "probes.liveness.failureThreshold", CONFIGURE), List.of(CONFIGURE, REFERENCE_SECRETS));

  public static final List<Guarded> ALL = List.of(ENVIRONMENTS, PROJECTS);

  private FieldPermissions() {}

  /**
   * The dotted paths of a spec's leaves: fields of Orgspace's own object types are descended
   * into; scalars, enums, lists and maps are leaves (a map or list changes as a whole).
   */
  public static List<String> leafPaths(Class<?> type) {
    List<String> paths = new ArrayList<>();
    for (Field field : type.getFields()) {
      if (Modifier.isStatic(field.getModifiers())) {
        continue;
      }
      Class<?> fieldType = field.getType();
      if (fieldType.getPackage() == type.getPackage() && !fieldType.isEnum()) {
        leafPaths(fieldType).forEach(child -> paths.add(field.getName() + "." + child));
      } else {
        paths.add(field.getName());
      }
    }
    return paths;
  }

  private static Map<String, String> table(String... pathsAndVerbs) {
    Map<String, String> table = new LinkedHashMap<>();
    for (int i = 0; i < pathsAndVerbs.length; i += 2) {
      table.put(pathsAndVerbs[i], pathsAndVerbs[i + 1]);
    }
    return Map.copyOf(table);
  }
}
