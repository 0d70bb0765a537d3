package io.orgspace.access;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MatchConditionBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBindingBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Validation;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Variable;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.VariableBuilder;
import io.orgspace.api.Labels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of the permission matrix that RBAC cannot express, enforced in the API server by
 * ValidatingAdmissionPolicies (CEL, in-process: no webhook that could fail closed). A field-level
 * change is allowed when the requester holds a custom verb on the object, checked with CEL's
 * {@code authorizer}; which field takes which verb is {@link FieldPermissions}' table, and the
 * verbs are granted by the role ClusterRoles (see {@link Capability}).
 */
public final class AdmissionPolicies {
  private AdmissionPolicies() {}

  public static List<HasMetadata> all() {
    List<HasMetadata> objects = new ArrayList<>();
    objects.add(fieldPolicy("orgspace-project-settings", FieldPermissions.PROJECTS));
    objects.add(binding("orgspace-project-settings"));
    objects.add(fieldPolicy("orgspace-environment-changes", FieldPermissions.ENVIRONMENTS));
    objects.add(binding("orgspace-environment-changes"));
    objects.add(ssoRequiredMemberships());
    objects.add(binding(SSO_REQUIRED_POLICY));
    objects.add(preventOrganizationDeletion());
    objects.add(binding("orgspace-organization-prevent-deletion"));
    objects.add(tenantSecrets());
    objects.add(binding(TENANT_SECRETS));
    return objects;
  }

  /** CEL: {@code object.spec.<path>} is present, every step of a dotted path included. */
  static String present(String object, String path) {
    List<String> steps = new ArrayList<>();
    String prefix = object + ".spec";
    steps.add("has(" + prefix + ")");
    for (String part : path.split("\\.")) {
      prefix += "." + part;
      steps.add("has(" + prefix + ")");
    }
    return "(" + String.join(" && ", steps) + ")";
  }

  /** CEL: the field differs between object and oldObject (presence or value). */
  static String changed(String path) {
    return "(" + present("object", path) + " != " + present("oldObject", path)
        + " || (" + present("object", path) + " && object.spec." + path + " != oldObject.spec." + path + "))";
  }

  /** CEL: on CREATE the field is set, on UPDATE it changed. */
  static String setOrChanged(String path) {
    return "(request.operation == 'CREATE' ? " + present("object", path) + " : " + changed(path) + ")";
  }

  /** The policy variable that says whether a field is set (create) or changed (update). */
  static String fieldVariable(String path) {
    return "set_" + path.replace('.', '_');
  }

  static String may(String resource, String verb) {
    return "authorizer.group('" + Rule.ORGSPACE_GROUP + "').resource('" + resource + "')"
        + ".namespace(object.metadata.namespace).name(object.metadata.name).check('" + verb + "').allowed()";
  }

  /**
   * One validation per custom verb of the resource: setting (on create) or changing (on update)
   * any field of the verb's rows takes the verb; a field without a row takes every verb.
   */
  static ValidatingAdmissionPolicy fieldPolicy(String name, FieldPermissions.Guarded guarded) {
    List<FieldPermissions.FieldRule> rules = guarded.rules();
    Map<String, List<String>> pathsByVerb = new LinkedHashMap<>();
    for (String verb : guarded.verbs()) {
      pathsByVerb.put(verb, new ArrayList<>());
    }
    pathsByVerb.put(FieldPermissions.UNLISTED, new ArrayList<>());
    for (FieldPermissions.FieldRule rule : rules) {
      if (rule.needsCustomVerb()) {
        pathsByVerb.get(rule.verb()).add(rule.path());
      }
    }
    List<Variable> variables = new ArrayList<>();
    List<Validation> validations = new ArrayList<>();
    pathsByVerb.forEach((verb, paths) -> {
      if (paths.isEmpty()) {
        return;
      }
      // One variable per field (so that the message can name the fields touched), one per verb.
      for (String path : paths) {
        variables.add(new VariableBuilder().withName(fieldVariable(path)).withExpression(setOrChanged(path)).build());
      }
      boolean unlisted = verb.equals(FieldPermissions.UNLISTED);
      String variable = unlisted ? "unlisted" : verb.replace('-', '_'); // a CEL identifier
      variables.add(new VariableBuilder().withName(variable)
          .withExpression(String.join(" || ", paths.stream().map(p -> "variables." + fieldVariable(p)).toList()))
          .build());
      String allowed = unlisted
          ? String.join(" && ", guarded.verbs().stream().map(v -> may(guarded.resource(), v)).toList())
          : may(guarded.resource(), verb);
      String takes = unlisted ? "every custom verb of " + guarded.resource() + " (the field has no row in the"
          + " field table)" : "the verb '" + verb + "'";
      validations.add(new ValidationBuilder()
          .withExpression("!variables." + variable + " || " + allowed)
          .withMessage("your role may not set or change " + String.join(", ", paths.stream().map(p -> "spec." + p).toList())
              + " of " + guarded.resource() + ": it takes " + takes)
          .withMessageExpression("'your role may not set or change ' + ["
              + String.join(", ", paths.stream().map(p -> "variables." + fieldVariable(p) + " ? 'spec." + p + "' : ''").toList())
              + "].filter(f, f != '').join(', ') + ' of " + guarded.resource() + ": it takes "
              + takes.replace("'", "\\'") + "'")
          .withReason("Forbidden")
          .build());
    });
    return new ValidatingAdmissionPolicyBuilder()
        .withNewMetadata().withName(name).withLabels(labels()).endMetadata()
        .withNewSpec()
        .withFailurePolicy("Fail")
        .withNewMatchConstraints()
        .addNewResourceRule()
        .withApiGroups(Rule.ORGSPACE_GROUP).withApiVersions("*").withOperations("CREATE", "UPDATE")
        .withResources(guarded.resource())
        .endResourceRule()
        .endMatchConstraints()
        .withVariables(variables)
        .withValidations(validations)
        .endSpec()
        .build();
  }

  static final String SSO_REQUIRED_POLICY = "orgspace-membership-sso-required";

  /**
   * spec.sso.required: a Membership's user must carry the identity provider's user prefix. The
   * Organization is not visible to a policy on Memberships; its home namespace carries the prefix
   * (an annotation the operator writes), and the policy reads it as {@code namespaceObject}.
   */
  static ValidatingAdmissionPolicy ssoRequiredMemberships() {
    String annotations = "namespaceObject.metadata.annotations";
    String prefix = annotations + "['" + Labels.SSO_REQUIRED_USER_PREFIX + "']";
    return new ValidatingAdmissionPolicyBuilder()
        .withNewMetadata().withName(SSO_REQUIRED_POLICY).withLabels(labels()).endMetadata()
        .withNewSpec()
        .withFailurePolicy("Fail")
        .withNewMatchConstraints()
        .addNewResourceRule()
        .withApiGroups(Rule.ORGSPACE_GROUP).withApiVersions("*").withOperations("CREATE", "UPDATE")
        .withResources("memberships")
        .endResourceRule()
        .endMatchConstraints()
        .withValidations(new ValidationBuilder()
            .withExpression("namespaceObject == null || !has(" + annotations + ") || !('"
                + Labels.SSO_REQUIRED_USER_PREFIX + "' in " + annotations + ") || object.spec.user.startsWith(" + prefix + ")")
            .withMessageExpression("'this organization requires single sign-on (spec.sso.required): spec.user must start"
                + " with the prefix ' + " + prefix + " + ' of the user names the identity provider gives (e.g. ' + "
                + prefix + " + 'alice@example.com)'")
            .withReason("Invalid")
            .build())
        .endSpec()
        .build();
  }

  static ValidatingAdmissionPolicy preventOrganizationDeletion() {
    return new ValidatingAdmissionPolicyBuilder()
        .withNewMetadata().withName("orgspace-organization-prevent-deletion").withLabels(labels()).endMetadata()
        .withNewSpec()
        .withFailurePolicy("Fail")
        .withNewMatchConstraints()
        .addNewResourceRule()
        .withApiGroups(Rule.ORGSPACE_GROUP).withApiVersions("*").withOperations("DELETE").withResources("organizations")
        .endResourceRule()
        .endMatchConstraints()
        .withValidations(new ValidationBuilder()
            .withExpression("!" + present("oldObject", "preventDeletion") + " || !oldObject.spec.preventDeletion")
            .withMessage("this Organization has spec.preventDeletion: true; set it to false before deleting it")
            .withReason("Forbidden")
            .build())
        .endSpec()
        .build();
  }

  public static final String TENANT_SECRETS = "orgspace-tenant-secrets";
  /** Names of the Secrets Orgspace makes in home namespaces start with these (SSH certificates, API key tokens). */
  static final List<String> RESERVED_NAME_PREFIXES = List.of(OrganizationAccess.SECRET_READER_PREFIX,
      ApiKeyPlan.SERVICE_ACCOUNT_PREFIX);

  /**
   * CEL: the Secret {@code s} is one Orgspace makes or could take for its own — named
   * {@code orgspace-*} or {@code apikey-*}, or carrying {@code app.kubernetes.io/managed-by} or any {@code orgspace.io/}
   * label but the release to environments — or a ServiceAccount token, which the API server would
   * fill with a token of an API key's ServiceAccount that outlives the key's expiry.
   */
  static String orgspaceSecret(String s) {
    return "(" + String.join(" || ", RESERVED_NAME_PREFIXES.stream()
        .map(prefix -> s + ".metadata.name.startsWith('" + prefix + "')").toList())
        + " || (has(" + s + ".metadata.labels) && " + s + ".metadata.labels.exists(k, k == '" + Labels.MANAGED_BY + "'"
        + " || (k.startsWith('orgspace.io/') && k != '" + Labels.USE_IN_ENVIRONMENTS + "')))"
        + " || (has(" + s + ".type) && " + s + ".type == 'kubernetes.io/service-account-token'))";
  }

  /**
   * The one rule on tenants' Secret writes in the namespaces Orgspace manages (Owners hold
   * {@link Capability#MANAGE_SECRETS} there): only in the home namespace, and never a Secret
   * {@link #orgspaceSecret Orgspace makes}, created, changed or deleted, nor one made to look like
   * it. Who may update or delete the namespace object itself (the operator, cluster administrators,
   * the namespace controller emptying a namespace being deleted) is not a tenant and passes: no
   * tenant role grants that.
   */
  static ValidatingAdmissionPolicy tenantSecrets() {
    return new ValidatingAdmissionPolicyBuilder()
        .withNewMetadata().withName(TENANT_SECRETS).withLabels(labels()).endMetadata()
        .withNewSpec()
        .withFailurePolicy("Fail")
        .withNewMatchConstraints()
        .withNewNamespaceSelector()
        .addToMatchLabels(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)
        .addNewMatchExpression().withKey(Labels.ORGANIZATION).withOperator("Exists").endMatchExpression()
        .endNamespaceSelector()
        .addNewResourceRule()
        .withApiGroups("").withApiVersions("v1").withOperations("CREATE", "UPDATE", "DELETE")
        .withResources("secrets")
        .endResourceRule()
        .endMatchConstraints()
        .withMatchConditions(new MatchConditionBuilder().withName("tenant")
            .withExpression("!authorizer.group('').resource('namespaces').name(request.namespace).check('update').allowed()"
                + " && !authorizer.group('').resource('namespaces').name(request.namespace).check('delete').allowed()")
            .build())
        .withVariables(
            new VariableBuilder().withName("home").withExpression("namespaceObject.metadata.name == 'org-' + "
                + "namespaceObject.metadata.labels['" + Labels.ORGANIZATION + "']").build(),
            new VariableBuilder().withName("orgspaces").withExpression(
                "(object != null && " + orgspaceSecret("object") + ") || (oldObject != null && " + orgspaceSecret("oldObject") + ")")
                .build())
        .withValidations(new ValidationBuilder()
            .withExpression("variables.home && !variables.orgspaces")
            .withMessage("your role may write Secrets only in the organization's home namespace, and never the ones Orgspace"
                + " makes: names " + String.join(", ", RESERVED_NAME_PREFIXES.stream().map(p -> p + "*").toList())
                + ", labels " + Labels.MANAGED_BY + " or orgspace.io/* (but "
                + Labels.USE_IN_ENVIRONMENTS + "), type kubernetes.io/service-account-token")
            .withReason("Forbidden")
            .build())
        .endSpec()
        .build();
  }

  static ValidatingAdmissionPolicyBinding binding(String policy) {
    return new ValidatingAdmissionPolicyBindingBuilder()
        .withNewMetadata().withName(policy).withLabels(labels()).endMetadata()
        .withNewSpec().withPolicyName(policy).withValidationActions("Deny").endSpec()
        .build();
  }

  private static Map<String, String> labels() {
    return Map.of(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
  }
}
