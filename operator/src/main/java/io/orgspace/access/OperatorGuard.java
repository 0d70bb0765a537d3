package io.orgspace.access;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MatchConditionBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.NamedRuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.NamedRuleWithOperationsBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Validation;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Variable;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.VariableBuilder;
import io.orgspace.api.ApiKey;
import io.orgspace.api.Environment;
import io.orgspace.api.Labels;
import io.orgspace.api.Membership;
import io.orgspace.api.Organization;
import io.orgspace.api.Project;
import io.orgspace.api.Role;
import io.orgspace.common.ConditionEvents;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The operator holds the widest rights in the cluster, and RBAC cannot narrow most of them: the
 * namespaces and names it writes come and go with organizations and environments. These
 * ValidatingAdmissionPolicies (CEL in the API server, no webhook) apply to the operator's own
 * ServiceAccount alone and confine every write it can make to what Orgspace makes: a compromised
 * operator cannot bind roles cluster-wide, mint tokens for other ServiceAccounts or write into a
 * namespace Orgspace does not manage.
 *
 * <p>A namespace is managed when it carries {@code app.kubernetes.io/managed-by: orgspace} and
 * {@code orgspace.io/organization} (checked on the request's {@code namespaceObject}); a home
 * namespace is a managed one named {@code org-<that organization>}. The operator's identity and
 * namespace are only known at install time: the chart's copy holds {@link #NAMESPACE_PLACEHOLDER}
 * and {@link #SERVICE_ACCOUNT_PLACEHOLDER}, which its template replaces.
 */
public final class OperatorGuard {
  public static final String NAMESPACE_PLACEHOLDER = "ORGSPACE_OPERATOR_NAMESPACE";
  public static final String SERVICE_ACCOUNT_PLACEHOLDER = "ORGSPACE_OPERATOR_SERVICE_ACCOUNT";
  /** Every guard policy's name starts with it (the API server's metrics count denials per policy). */
  public static final String PREFIX = "orgspace-operator-";

  public static final String NAMESPACES = PREFIX + "namespaces";
  public static final String CLUSTER_ROLES = PREFIX + "cluster-roles";
  public static final String CLUSTER_ROLE_BINDINGS = PREFIX + "cluster-role-bindings";
  public static final String NAMESPACED_WRITES = PREFIX + "namespaced-writes";
  public static final String ROLES = PREFIX + "roles";
  public static final String ROLE_BINDINGS = PREFIX + "role-bindings";
  public static final String API_KEYS = PREFIX + "api-keys";
  public static final String EVENTS = PREFIX + "events";
  public static final String ORGSPACE_RESOURCES = PREFIX + "orgspace-resources";

  /**
   * Every namespaced kind the operator's ClusterRole lets it create, change or delete, by API
   * group (Events and Orgspace's own kinds have policies of their own; RoleBindings, Roles and
   * ServiceAccounts have a second one on what they may be).
   */
  static final Map<String, List<String>> NAMESPACED_KINDS = Map.of(
      "", List.of("secrets", "configmaps", "services", "resourcequotas", "limitranges", "serviceaccounts"),
      "apps", List.of("deployments"),
      "networking.k8s.io", List.of("ingresses", "networkpolicies"),
      "rbac.authorization.k8s.io", List.of("roles", "rolebindings"),
      "gateway.networking.k8s.io", List.of("httproutes"),
      "gateway.envoyproxy.io", List.of("securitypolicies"),
      "traefik.io", List.of("middlewares"));
  /** Kinds the operator also writes in its own namespace: the organizations' SSH CA Secrets. */
  static final List<String> IN_OPERATOR_NAMESPACE = List.of("secrets");
  /** Orgspace's kinds whose spec only users write; the operator adds and removes its finalizer. */
  static final List<String> USER_WRITTEN_KINDS = Stream.of(Organization.class, Membership.class, Project.class, ApiKey.class)
      .map(HasMetadata::getPlural).toList();
  private static final String ENVIRONMENTS = HasMetadata.getPlural(Environment.class);

  private static final String MANAGED = Labels.MANAGED_BY;
  private static final String ORGANIZATION = Labels.ORGANIZATION;

  private OperatorGuard() {}

  /** The policies and their bindings as the chart ships them, with placeholders for the identity. */
  public static List<HasMetadata> forChart() {
    return policies(NAMESPACE_PLACEHOLDER, SERVICE_ACCOUNT_PLACEHOLDER);
  }

  /** The policies and their bindings for the operator running as {@code serviceAccount} in {@code namespace}. */
  private static List<HasMetadata> policies(String namespace, String serviceAccount) {
    String operator = "system:serviceaccount:" + namespace + ":" + serviceAccount;
    List<ValidatingAdmissionPolicy> policies = List.of(
        namespaces(),
        clusterRoles(),
        clusterRoleBindings(),
        namespacedWrites(namespace),
        roles(),
        roleBindings(),
        apiKeys(),
        events(),
        orgspaceResources());
    List<HasMetadata> objects = new ArrayList<>();
    for (ValidatingAdmissionPolicy policy : policies) {
      policy.getSpec().setMatchConditions(List.of(new MatchConditionBuilder()
          .withName("orgspace-operator")
          .withExpression("request.userInfo.username == '" + operator + "'")
          .build()));
      objects.add(policy);
      objects.add(AdmissionPolicies.binding(policy.getMetadata().getName()));
    }
    return objects;
  }

  // ---- CEL -------------------------------------------------------------------------------------

  private static String quote(String text) {
    return "'" + text + "'";
  }

  private static String list(List<String> items) {
    return items.stream().map(OperatorGuard::quote).collect(Collectors.joining(", ", "[", "]"));
  }

  /** CEL: the object's label {@code key} (empty when absent). */
  static String label(String object, String key) {
    return "(has(" + object + ".metadata.labels) && " + quote(key) + " in " + object + ".metadata.labels ? "
        + object + ".metadata.labels[" + quote(key) + "] : '')";
  }

  /** CEL: the object (may be null) says Orgspace made it for an organization. */
  static String managed(String object) {
    return "(" + object + " != null && " + label(object, MANAGED) + " == " + quote(Labels.MANAGED_BY_VALUE)
        + " && " + label(object, ORGANIZATION) + " != '')";
  }

  /** CEL: the request's namespace is one Orgspace manages. */
  static final String MANAGED_NAMESPACE = managed("namespaceObject");
  /** CEL: the request's namespace is an organization's home namespace. */
  static final String HOME_NAMESPACE = "(" + MANAGED_NAMESPACE + " && namespaceObject.metadata.name == "
      + quote(Organization.HOME_NAMESPACE_PREFIX) + " + " + label("namespaceObject", ORGANIZATION) + ")";

  private static Variable variable(String name, String expression) {
    return new VariableBuilder().withName(name).withExpression(expression).build();
  }

  private static Validation validation(String expression, String messageExpression) {
    return new ValidationBuilder().withExpression(expression).withMessageExpression(messageExpression)
        .withReason("Forbidden").build();
  }

  private static NamedRuleWithOperations rule(String group, List<String> resources, String... operations) {
    return new NamedRuleWithOperationsBuilder().withApiGroups(group).withApiVersions("*")
        .withOperations(operations).withResources(resources).build();
  }

  private static ValidatingAdmissionPolicy policy(String name, List<NamedRuleWithOperations> rules,
      List<Variable> variables, Validation... validations) {
    return new ValidatingAdmissionPolicyBuilder()
        .withNewMetadata().withName(name).withLabels(Map.of(MANAGED, Labels.MANAGED_BY_VALUE)).endMetadata()
        .withNewSpec()
        .withFailurePolicy("Fail")
        .withNewMatchConstraints().withResourceRules(rules).endMatchConstraints()
        .withVariables(variables)
        .withValidations(validations)
        .endSpec()
        .build();
  }


  // ---- the policies ----------------------------------------------------------------------------

  /** Namespaces: only ones labelled for an organization, never one it did not make, never moved to another organization. */
  static ValidatingAdmissionPolicy namespaces() {
    return policy(NAMESPACES, List.of(rule("", List.of("namespaces"), "CREATE", "UPDATE", "DELETE")),
        List.of(variable("oldOrganization", "oldObject == null ? '' : " + label("oldObject", ORGANIZATION)),
            variable("newOrganization", "object == null ? '' : " + label("object", ORGANIZATION))),
        validation("request.operation == 'DELETE' || " + managed("object"),
            "'the Orgspace operator may only write namespaces labelled " + MANAGED + "=" + Labels.MANAGED_BY_VALUE
                + " and " + ORGANIZATION + "; not ' + request.name"),
        validation("request.operation == 'CREATE' || " + managed("oldObject"),
            "'the Orgspace operator may not change or delete namespace ' + request.name + ': Orgspace did not make it'"),
        validation("request.operation != 'UPDATE' || variables.oldOrganization == variables.newOrganization",
            "'namespace ' + request.name + ' belongs to organization ' + variables.oldOrganization"
                + " + '; the Orgspace operator may not give it to another'"));
  }

  /**
   * Variables of the per-organization cluster-scoped objects: their organization (label), and
   * whether the object is that organization's owner or member ClusterRole(Binding), made by
   * Orgspace; on an update the stored object must have been so too.
   */
  private static List<Variable> perOrganization() {
    String target = "variables.target";
    return List.of(
        // The object the request is about: the stored one for a DELETE, else the new one.
        variable("target", "request.operation == 'DELETE' ? oldObject : object"),
        variable("organization", label(target, ORGANIZATION)),
        variable("perOrganization", managed(target) + " && " + target + ".metadata.name in ["
            + quote(OrganizationAccess.CLUSTER_ROLE_PREFIX) + " + variables.organization + "
            + quote(OrganizationAccess.OWNER_SUFFIX) + ", " + quote(OrganizationAccess.CLUSTER_ROLE_PREFIX)
            + " + variables.organization + " + quote(OrganizationAccess.MEMBER_SUFFIX) + "]"
            + " && (request.operation != 'UPDATE' || (" + managed("oldObject") + " && "
            + label("oldObject", ORGANIZATION) + " == variables.organization))"));
  }

  private static Validation perOrganizationOnly(String kind) {
    return validation("variables.perOrganization",
        "'the Orgspace operator may only write its per-organization " + kind + "s (" + OrganizationAccess.CLUSTER_ROLE_PREFIX
            + "<organization>" + OrganizationAccess.OWNER_SUFFIX + " or " + OrganizationAccess.MEMBER_SUFFIX
            + ", labelled " + MANAGED + "=" + Labels.MANAGED_BY_VALUE + " and " + ORGANIZATION
            + " <organization>); not ' + request.name");
  }

  /** ClusterRoles: an organization's own two, granting at most get, update, patch on that Organization by name. */
  static ValidatingAdmissionPolicy clusterRoles() {
    String grantsOnlyTheOrganization = "request.operation == 'DELETE' || (!has(object.aggregationRule)"
        + " && (!has(object.rules) || object.rules.all(r, r.apiGroups == " + list(List.of(Rule.ORGSPACE_GROUP))
        + " && r.resources == [" + quote(HasMetadata.getPlural(Organization.class)) + "] && has(r.resourceNames) && r.resourceNames == [variables.organization]"
        + " && r.verbs.all(v, v in " + list(OrganizationAccess.ORGANIZATION_VERBS) + "))))";
    return policy(CLUSTER_ROLES, List.of(rule("rbac.authorization.k8s.io", List.of("clusterroles"),
            "CREATE", "UPDATE", "DELETE")),
        perOrganization(),
        perOrganizationOnly("ClusterRole"),
        validation(grantsOnlyTheOrganization,
            "'the Orgspace operator may only grant " + String.join(", ", OrganizationAccess.ORGANIZATION_VERBS)
                + " on the Organization ' + variables.organization + ' by name in ClusterRole ' + request.name"));
  }

  /** ClusterRoleBindings: an organization's own two, each binding the ClusterRole of its name. */
  static ValidatingAdmissionPolicy clusterRoleBindings() {
    return policy(CLUSTER_ROLE_BINDINGS, List.of(rule("rbac.authorization.k8s.io", List.of("clusterrolebindings"),
            "CREATE", "UPDATE", "DELETE")),
        perOrganization(),
        perOrganizationOnly("ClusterRoleBinding"),
        validation("request.operation == 'DELETE' || (object.roleRef.kind == 'ClusterRole'"
                + " && object.roleRef.name == object.metadata.name)",
            "'the Orgspace operator may bind cluster-wide only the per-organization ClusterRole named as the binding;"
                + " not ' + object.roleRef.kind + ' ' + object.roleRef.name"));
  }

  /** Every namespaced kind it writes: only in namespaces Orgspace manages (and Secrets in its own). */
  static ValidatingAdmissionPolicy namespacedWrites(String operatorNamespace) {
    List<NamedRuleWithOperations> rules = new ArrayList<>();
    NAMESPACED_KINDS.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> rules.add(rule(e.getKey(), e.getValue(), "CREATE", "UPDATE", "DELETE")));
    return policy(NAMESPACED_WRITES, rules,
        List.of(),
        validation(MANAGED_NAMESPACE + " || (request.resource.resource in " + list(IN_OPERATOR_NAMESPACE)
                + " && request.namespace == " + quote(operatorNamespace) + ")",
            "'the Orgspace operator may write ' + request.resource.resource + ' only in namespaces Orgspace manages"
                + " (labelled " + MANAGED + "=" + Labels.MANAGED_BY_VALUE + " and " + ORGANIZATION + "; "
                + String.join(", ", IN_OPERATOR_NAMESPACE) + " also in its own namespace); not in ' + request.namespace"));
  }

  /** Roles: only the Secret-reader Roles of a home namespace (get on named Secrets, nothing else). */
  static ValidatingAdmissionPolicy roles() {
    return policy(ROLES, List.of(rule("rbac.authorization.k8s.io", List.of("roles"), "CREATE", "UPDATE")),
        List.of(),
        validation(HOME_NAMESPACE + " && has(object.rules) && object.rules.all(r, r.apiGroups == ['']"
                + " && r.resources == ['secrets'] && r.verbs == ['get'] && has(r.resourceNames) && size(r.resourceNames) > 0)",
            "'the Orgspace operator may only write Roles that grant get on named Secrets, in the home"
                + " namespace of an organization; not ' + request.namespace + '/' + request.name"));
  }

  /** RoleBindings: only of the four role ClusterRoles, or of its Secret-reader Roles in a home namespace. */
  static ValidatingAdmissionPolicy roleBindings() {
    List<String> roleClusterRoles = Arrays.stream(Role.values()).map(Role::clusterRoleName).toList();
    return policy(ROLE_BINDINGS, List.of(rule("rbac.authorization.k8s.io", List.of("rolebindings"), "CREATE", "UPDATE")),
        List.of(),
        validation("(object.roleRef.kind == 'ClusterRole' && object.roleRef.name in " + list(roleClusterRoles) + ")"
                + " || (object.roleRef.kind == 'Role' && object.roleRef.name.startsWith("
                + quote(OrganizationAccess.SECRET_READER_PREFIX) + ") && " + HOME_NAMESPACE + ")",
            "'the Orgspace operator may bind only the roles of Orgspace (the ClusterRoles " + String.join(", ", roleClusterRoles)
                + ", or its " + OrganizationAccess.SECRET_READER_PREFIX + "* Roles in a home namespace); not '"
                + " + object.roleRef.kind + ' ' + object.roleRef.name"));
  }

  /** API-key ServiceAccounts and their tokens: only apikey-* in a home namespace. */
  static ValidatingAdmissionPolicy apiKeys() {
    return policy(API_KEYS, List.of(
            rule("", List.of("serviceaccounts"), "CREATE", "UPDATE", "DELETE"),
            rule("", List.of("serviceaccounts/token"), "CREATE")),
        List.of(),
        validation("request.name.startsWith(" + quote(ApiKeyPlan.SERVICE_ACCOUNT_PREFIX) + ") && " + HOME_NAMESPACE,
            "'the Orgspace operator may only manage, and request tokens for, API-key ServiceAccounts ("
                + ApiKeyPlan.SERVICE_ACCOUNT_PREFIX + "*) in the home namespace of an organization; not '"
                + " + request.namespace + '/' + request.name"));
  }

  /** Events: in namespaces Orgspace manages, or about an Organization in the default namespace. */
  static ValidatingAdmissionPolicy events() {
    return policy(EVENTS, List.of(rule("events.k8s.io", List.of("events"), "CREATE", "UPDATE", "DELETE")),
        List.of(),
        validation(MANAGED_NAMESPACE + " || (request.namespace == " + quote(ConditionEvents.CLUSTER_SCOPED_NAMESPACE)
                + " && request.operation != 'DELETE' && has(object.regarding) && has(object.regarding.apiVersion)"
                + " && object.regarding.apiVersion.startsWith(" + quote(Rule.ORGSPACE_GROUP + "/") + ")"
                + " && has(object.regarding.kind) && object.regarding.kind == " + quote(HasMetadata.getKind(Organization.class)) + ")",
            "'the Orgspace operator may record Events only in namespaces Orgspace manages, or about an Organization in "
                + ConditionEvents.CLUSTER_SCOPED_NAMESPACE + "; not in ' + request.namespace"));
  }

  /**
   * Orgspace's own kinds: it never changes what users declare (the spec of Organizations,
   * Memberships, Projects, ApiKeys), and writes Environments (pull requests' previews, expiry)
   * only in home namespaces. Status is a subresource, not matched.
   */
  static ValidatingAdmissionPolicy orgspaceResources() {
    String sameSpec = "(has(object.spec) == has(oldObject.spec) && (!has(object.spec) || object.spec == oldObject.spec))";
    return policy(ORGSPACE_RESOURCES, List.of(
            rule(Rule.ORGSPACE_GROUP, USER_WRITTEN_KINDS, "UPDATE"),
            rule(Rule.ORGSPACE_GROUP, List.of(ENVIRONMENTS), "CREATE", "UPDATE", "DELETE")),
        List.of(),
        validation("request.resource.resource == " + quote(ENVIRONMENTS) + " || " + sameSpec,
            "'the Orgspace operator may not change the spec of ' + request.resource.resource + ' (it only adds and"
                + " removes its finalizer); not ' + request.name"),
        validation("request.resource.resource != " + quote(ENVIRONMENTS) + " || " + HOME_NAMESPACE
                + " || (request.operation == 'UPDATE' && " + sameSpec + ")",
            "'the Orgspace operator may write Environments only in the home namespace of an organization; not in '"
                + " + request.namespace"));
  }
}
