package io.orgspace.access;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBindingBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.VariableBuilder;
import io.orgspace.api.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rows of the permission matrix that RBAC cannot express, enforced in the API server by
 * ValidatingAdmissionPolicies (CEL, in-process: no webhook that could fail closed). A field-level
 * change is allowed when the requester holds a custom verb on the object, checked with CEL's
 * {@code authorizer}; the verbs are granted by the role ClusterRoles (see {@link Capability}).
 */
public final class AdmissionPolicies {
  /** Change an Environment's image, port or replicas. */
  public static final String DEPLOY = "deploy";
  /** Change an Environment's variables, or a Project's settings other than files and variables. */
  public static final String CONFIGURE = "configure";

  /** Project fields that only {@code configure} may change; files and variables are open to update. */
  public static final List<String> PROJECT_SETTINGS = List.of("repository", "previews");
  /** Environment fields whose change is a deployment. */
  public static final List<String> DEPLOY_FIELDS = List.of("image", "port", "replicas");

  private AdmissionPolicies() {}

  public static List<HasMetadata> all() {
    List<HasMetadata> objects = new ArrayList<>();
    objects.add(projectSettings());
    objects.add(binding("orgspace-project-settings"));
    objects.add(environmentDeploy());
    objects.add(binding("orgspace-environment-changes"));
    objects.add(preventOrganizationDeletion());
    objects.add(binding("orgspace-organization-prevent-deletion"));
    return objects;
  }

  /** CEL: {@code object.spec.<field>} is present (spec itself may be absent). */
  static String present(String object, String field) {
    return "(has(" + object + ".spec) && has(" + object + ".spec." + field + "))";
  }

  /** CEL: the field differs between object and oldObject (presence or value). */
  static String changed(String field) {
    return "(" + present("object", field) + " != " + present("oldObject", field)
        + " || (" + present("object", field) + " && object.spec." + field + " != oldObject.spec." + field + "))";
  }

  /** CEL: on CREATE the field is set, on UPDATE it changed. */
  static String setOrChanged(String field) {
    return "(request.operation == 'CREATE' ? " + present("object", field) + " : " + changed(field) + ")";
  }

  static String may(String resource, String verb) {
    return "authorizer.group('" + Rule.ORGSPACE_GROUP + "').resource('" + resource + "')"
        + ".namespace(object.metadata.namespace).name(object.metadata.name).check('" + verb + "').allowed()";
  }

  static ValidatingAdmissionPolicy projectSettings() {
    String settingsChanged = String.join(" || ", PROJECT_SETTINGS.stream().map(AdmissionPolicies::changed).toList());
    return new ValidatingAdmissionPolicyBuilder()
        .withNewMetadata().withName("orgspace-project-settings").withLabels(labels()).endMetadata()
        .withNewSpec()
        .withFailurePolicy("Fail")
        .withNewMatchConstraints()
        .addNewResourceRule()
        .withApiGroups(Rule.ORGSPACE_GROUP).withApiVersions("*").withOperations("UPDATE").withResources("projects")
        .endResourceRule()
        .endMatchConstraints()
        .withVariables(new VariableBuilder().withName("settingsChanged").withExpression(settingsChanged).build())
        .withValidations(new ValidationBuilder()
            .withExpression("!variables.settingsChanged || " + may("projects", CONFIGURE))
            .withMessage("only Owners may change a project's " + String.join(" or ", PROJECT_SETTINGS)
                + "; your role may update its files and variables")
            .withReason("Forbidden")
            .build())
        .endSpec()
        .build();
  }

  static ValidatingAdmissionPolicy environmentDeploy() {
    String deploys = String.join(" || ", DEPLOY_FIELDS.stream().map(AdmissionPolicies::setOrChanged).toList());
    return new ValidatingAdmissionPolicyBuilder()
        .withNewMetadata().withName("orgspace-environment-changes").withLabels(labels()).endMetadata()
        .withNewSpec()
        .withFailurePolicy("Fail")
        .withNewMatchConstraints()
        .addNewResourceRule()
        .withApiGroups(Rule.ORGSPACE_GROUP).withApiVersions("*").withOperations("CREATE", "UPDATE")
        .withResources("environments")
        .endResourceRule()
        .endMatchConstraints()
        .withVariables(
            new VariableBuilder().withName("deploys").withExpression(deploys).build(),
            new VariableBuilder().withName("setsVariables").withExpression(setOrChanged("variables")).build())
        .withValidations(
            new ValidationBuilder()
                .withExpression("!variables.deploys || " + may("environments", DEPLOY))
                .withMessage("your role may not deploy environments (set or change "
                    + String.join(", ", DEPLOY_FIELDS) + ")")
                .withReason("Forbidden")
                .build(),
            new ValidationBuilder()
                .withExpression("!variables.setsVariables || " + may("environments", CONFIGURE))
                .withMessage("your role may not set or change environment variables")
                .withReason("Forbidden")
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
