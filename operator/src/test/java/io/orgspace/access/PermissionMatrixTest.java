package io.orgspace.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.orgspace.api.EnvironmentSpec;
import io.orgspace.api.ProjectSpec;
import io.orgspace.api.Role;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PermissionMatrixTest {

  private static boolean grants(ClusterRole role, String group, String resource, String verb) {
    return role.getRules().stream().anyMatch(r -> r.getApiGroups().contains(group)
        && r.getResources().contains(resource) && r.getVerbs().contains(verb));
  }

  @Test
  void rolesNameExactGroupsResourcesAndVerbs() {
    for (ClusterRole role : RoleClusterRoles.all()) {
      for (PolicyRule rule : role.getRules()) {
        assertFalse(rule.getApiGroups().contains("*") || rule.getResources().contains("*")
            || rule.getVerbs().contains("*"), role.getMetadata().getName() + " has a wildcard: " + rule);
        assertTrue(rule.getResourceNames() == null || rule.getResourceNames().isEmpty());
      }
    }
  }

  @Test
  void onlyOwnersManageMembersKeysAndSecrets() {
    for (Role role : Role.values()) {
      ClusterRole clusterRole = RoleClusterRoles.forRole(role);
      boolean owner = role == Role.Owner;
      assertEquals(owner, grants(clusterRole, "orgspace.io", "memberships", "create"), role.name());
      assertEquals(owner, grants(clusterRole, "orgspace.io", "apikeys", "create"), role.name());
      assertEquals(owner, grants(clusterRole, "", "secrets", "get"), role.name());
      for (String verb : List.of("create", "update", "patch", "delete")) {
        assertEquals(owner, grants(clusterRole, "", "secrets", verb), role.name() + " " + verb + " secrets");
      }
      assertFalse(grants(clusterRole, "rbac.authorization.k8s.io", "rolebindings", "create"), role.name());
    }
  }

  @Test
  void fieldLevelRowsAreCustomVerbsOfTheRolesTheMatrixNames() {
    assertEquals(Set.of(Role.Owner, Role.Developer), holders("environments", FieldPermissions.DEPLOY));
    assertEquals(Set.of(Role.Owner, Role.Developer), holders("environments", FieldPermissions.EXPOSE));
    assertEquals(Set.of(Role.Owner, Role.Developer), holders("environments", FieldPermissions.EXPIRE));
    assertEquals(Set.of(Role.Owner, Role.Developer), holders("environments", FieldPermissions.CONFIGURE));
    assertEquals(Set.of(Role.Owner), holders("projects", FieldPermissions.CONFIGURE));
    // Naming a Secret follows "update environment variables", on projects as on environments.
    assertEquals(Set.of(Role.Owner, Role.Developer), holders("projects", FieldPermissions.REFERENCE_SECRETS));
    assertEquals(Set.of(Role.Owner, Role.Developer, Role.Support), holders("projects", "patch"));
    assertEquals(Set.of(Role.Owner, Role.Developer, Role.Support), holders("environments", "create"));
    assertEquals(Set.of(Role.Owner, Role.Developer), holders("environments", "patch"));
    assertEquals(Set.of(Role.Owner, Role.Developer), holders("pods/exec", "create"));
    assertEquals(Set.of(Role.Owner, Role.Developer), holders("pods/portforward", "create"));
    assertEquals(Set.of(Role.values()), holders("pods", "list"));
  }

  private static Set<Role> holders(String resource, String verb) {
    String group = resource.contains("/") || resource.equals("pods") ? "" : "orgspace.io";
    return Arrays.stream(Role.values())
        .filter(role -> grants(RoleClusterRoles.forRole(role), group, resource, verb))
        .collect(Collectors.toSet());
  }

  // ---- field by field -------------------------------------------------------------------------

  private static final Set<Role> OWNER = Set.of(Role.Owner);
  private static final Set<Role> OWNER_DEV = Set.of(Role.Owner, Role.Developer);
  private static final Set<Role> OWNER_DEV_SUPPORT = Set.of(Role.Owner, Role.Developer, Role.Support);

  /**
   * Who may set each Environment field when creating one, written from the product's matrix: any
   * creator only what names the environment; the rest is deploying (what runs), updating (host,
   * basic auth, expiry) or updating environment variables, which Support does not hold.
   */
  private static final Map<String, Set<Role>> ENVIRONMENT_CREATE = Map.ofEntries(
      Map.entry("project", OWNER_DEV_SUPPORT),
      Map.entry("pullRequest.number", OWNER_DEV_SUPPORT),
      Map.entry("pullRequest.headSha", OWNER_DEV),
      Map.entry("pullRequest.branch", OWNER_DEV),
      Map.entry("image", OWNER_DEV),
      Map.entry("port", OWNER_DEV),
      Map.entry("replicas", OWNER_DEV),
      Map.entry("variables", OWNER_DEV),
      Map.entry("basicAuth.enabled", OWNER_DEV),
      Map.entry("basicAuth.secretName", OWNER_DEV),
      Map.entry("host", OWNER_DEV),
      Map.entry("expiresAt", OWNER_DEV),
      Map.entry("secretVariables", OWNER_DEV));

  /** Who may change each Project field: files and variables are rows of their own, the rest Owner only. */
  private static final Map<String, Set<Role>> PROJECT_UPDATE = Map.ofEntries(
      Map.entry("repository.provider", OWNER),
      Map.entry("repository.url", OWNER),
      Map.entry("repository.webhookSecretRef.name", OWNER),
      Map.entry("repository.webhookSecretRef.key", OWNER),
      Map.entry("repository.apiUrl", OWNER),
      Map.entry("repository.tokenSecretRef.name", OWNER),
      Map.entry("repository.tokenSecretRef.key", OWNER),
      Map.entry("previews.domain", OWNER),
      Map.entry("previews.basicAuth", OWNER),
      Map.entry("previews.ttl", OWNER),
      Map.entry("previews.image", OWNER),
      Map.entry("previews.port", OWNER),
      Map.entry("previews.replicas", OWNER),
      Map.entry("previews.drafts", OWNER),
      Map.entry("previews.forks", OWNER),
      Map.entry("previews.labels", OWNER),
      Map.entry("previews.ingressClassName", OWNER),
      Map.entry("previews.routing", OWNER),
      Map.entry("previews.tls.secretName", OWNER),
      Map.entry("previews.tls.clusterIssuer", OWNER),
      Map.entry("previews.quota", OWNER),
      Map.entry("previews.comment", OWNER),
      Map.entry("previews.hibernateAfter", OWNER),
      Map.entry("previews.ssh.enabled", OWNER),
      Map.entry("previews.ssh.image", OWNER),
      Map.entry("previews.ssh.allowedFrom", OWNER),
      Map.entry("variables", OWNER_DEV_SUPPORT),
      Map.entry("files", OWNER_DEV_SUPPORT),
      Map.entry("secretVariables", OWNER_DEV),
      Map.entry("imagePullSecrets", OWNER_DEV),
      Map.entry("probes.readiness.path", OWNER),
      Map.entry("probes.readiness.port", OWNER),
      Map.entry("probes.readiness.initialDelaySeconds", OWNER),
      Map.entry("probes.readiness.periodSeconds", OWNER),
      Map.entry("probes.readiness.failureThreshold", OWNER),
      Map.entry("probes.liveness.path", OWNER),
      Map.entry("probes.liveness.port", OWNER),
      Map.entry("probes.liveness.initialDelaySeconds", OWNER),
      Map.entry("probes.liveness.periodSeconds", OWNER),
      Map.entry("probes.liveness.failureThreshold", OWNER));

  /** The roles whose ClusterRole holds the base verb and, when the field's row names one, its custom verb. */
  private static Set<Role> mayTouch(FieldPermissions.Guarded guarded, String path, String baseVerb) {
    String verb = guarded.rules().stream().filter(r -> r.path().equals(path)).findFirst().orElseThrow().verb();
    List<String> verbs = verb.equals(FieldPermissions.UNLISTED) ? guarded.verbs()
        : verb.equals(FieldPermissions.BASE) ? List.of() : List.of(verb);
    return Arrays.stream(Role.values())
        .filter(role -> grants(RoleClusterRoles.forRole(role), "orgspace.io", guarded.resource(), baseVerb)
            && verbs.stream().allMatch(v -> grants(RoleClusterRoles.forRole(role), "orgspace.io", guarded.resource(), v)))
        .collect(Collectors.toSet());
  }

  @Test
  void everyEnvironmentFieldIsSetOnCreateByTheRolesTheMatrixNames() {
    assertEquals(ENVIRONMENT_CREATE.keySet(), Set.copyOf(FieldPermissions.leafPaths(EnvironmentSpec.class)),
        "every Environment field has an expected row here");
    ENVIRONMENT_CREATE.forEach((path, roles) ->
        assertEquals(roles, mayTouch(FieldPermissions.ENVIRONMENTS, path, "create"), "create with spec." + path));
    // Changing any field is "update environments" (plus the field's own row): never Support.
    ENVIRONMENT_CREATE.forEach((path, roles) ->
        assertEquals(OWNER_DEV, mayTouch(FieldPermissions.ENVIRONMENTS, path, "update"), "change spec." + path));
  }

  @Test
  void everyProjectFieldIsChangedByTheRolesTheMatrixNames() {
    assertEquals(PROJECT_UPDATE.keySet(), Set.copyOf(FieldPermissions.leafPaths(ProjectSpec.class)),
        "every Project field has an expected row here");
    PROJECT_UPDATE.forEach((path, roles) ->
        assertEquals(roles, mayTouch(FieldPermissions.PROJECTS, path, "update"), "change spec." + path));
    PROJECT_UPDATE.keySet().forEach(path ->
        assertEquals(OWNER, mayTouch(FieldPermissions.PROJECTS, path, "create"), "create with spec." + path));
  }

  @Test
  void everySpecFieldHasARowAndEveryRowAField() {
    for (FieldPermissions.Guarded guarded : FieldPermissions.ALL) {
      assertEquals(Set.copyOf(FieldPermissions.leafPaths(guarded.spec())), guarded.table().keySet(),
          "a new " + guarded.spec().getSimpleName() + " field needs a row in FieldPermissions (which verb sets it)");
      for (String verb : guarded.table().values()) {
        assertTrue(verb.equals(FieldPermissions.BASE) || guarded.verbs().contains(verb), verb);
      }
    }
  }

  @Test
  void aFieldWithoutARowTakesEveryCustomVerbOfItsResource() {
    var guarded = new FieldPermissions.Guarded("environments", EnvironmentSpec.class, Map.of("project", ""),
        List.of(FieldPermissions.DEPLOY, FieldPermissions.EXPOSE));
    var policy = AdmissionPolicies.fieldPolicy("test", guarded);
    assertEquals(1, policy.getSpec().getValidations().size());
    String expression = policy.getSpec().getValidations().get(0).getExpression();
    assertTrue(expression.contains("check('deploy')") && expression.contains("check('expose')"), expression);
    String unlisted = policy.getSpec().getVariables().stream().filter(v -> v.getName().equals("unlisted"))
        .findFirst().orElseThrow().getExpression();
    assertTrue(unlisted.contains("variables.set_pullRequest_headSha") && unlisted.contains("variables.set_image")
        && !unlisted.contains("set_project"), unlisted);
    String variables = policy.getSpec().getVariables().toString();
    assertTrue(variables.contains("object.spec.pullRequest.headSha") && !variables.contains("object.spec.project"), variables);
  }

  @Test
  void nestedFieldsAreComparedStepByStep() {
    assertEquals("(has(object.spec) && has(object.spec.pullRequest) && has(object.spec.pullRequest.headSha))",
        AdmissionPolicies.present("object", "pullRequest.headSha"));
  }

  @Test
  void theDocsTableNamesTheVerbOfEveryField() throws IOException {
    Path docs = Path.of(System.getProperty("orgspace.root", "..")).toAbsolutePath().normalize()
        .resolve("docs/permissions.md");
    Map<String, Map<String, String>> documented = new TreeMap<>();
    String section = null;
    Matcher row;
    for (String line : Files.readAllLines(docs)) {
      if (line.startsWith("## ")) {
        section = line.substring(3);
      } else if (section != null && (row = DOCS_ROW.matcher(line)).matches()) {
        documented.computeIfAbsent(section, s -> new TreeMap<>())
            .put(row.group(1), row.group(2).equals("none") ? FieldPermissions.BASE : row.group(2).replace("`", ""));
      }
    }
    assertEquals(new TreeMap<>(FieldPermissions.ENVIRONMENTS.table()), documented.get("Environment fields"),
        "docs/permissions.md, Environment fields");
    assertEquals(new TreeMap<>(FieldPermissions.PROJECTS.table()), documented.get("Project fields"),
        "docs/permissions.md, Project fields");
  }

  private static final Pattern DOCS_ROW = Pattern.compile("^\\| `spec\\.([A-Za-z.]+)` \\| (none|`[a-z-]+`) \\|.*");
}
