package io.orgspace.access;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.VariableBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.orgspace.api.Labels;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The platform administrator: a cluster-wide role above the organizations' four. It manages
 * Organizations and alone grants their domains and sets their limits — custom verbs on
 * {@code organizations} that an admission policy checks with CEL's authorizer, so an Owner, who may
 * update the rest of its Organization, can change neither. Cluster admins (system:masters) pass
 * every authorizer check; the chart binds the role to the groups in {@code platformAdmins.groups}.
 */
public final class PlatformAdmin {
  public static final String CLUSTER_ROLE = "orgspace-platform-admin";
  /** Set or change an Organization's spec.domains. */
  public static final String GRANT_DOMAINS = "grant-domains";
  /** Set or change an Organization's spec.limits. */
  public static final String SET_LIMITS = "set-limits";
  static final String POLICY = "orgspace-organization-platform-fields";

  private PlatformAdmin() {}

  public static ClusterRole clusterRole() {
    return new ClusterRoleBuilder()
        .withNewMetadata()
        .withName(CLUSTER_ROLE)
        .withLabels(new TreeMap<>(Map.of(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE, "orgspace.io/role", "PlatformAdmin")))
        .endMetadata()
        .addNewRule()
        .withApiGroups(Rule.ORGSPACE_GROUP)
        .withResources("organizations")
        .withVerbs("get", "list", "watch", "create", "update", "patch", "delete", GRANT_DOMAINS, SET_LIMITS)
        .endRule()
        .addNewRule()
        .withApiGroups(Rule.ORGSPACE_GROUP)
        .withResources("organizations/status")
        .withVerbs("get")
        .endRule()
        .build();
  }

  /** CEL: the requester holds the verb on this Organization (cluster-scoped: no namespace). */
  static String may(String verb) {
    return "authorizer.group('" + Rule.ORGSPACE_GROUP + "').resource('organizations')"
        + ".name(object.metadata.name).check('" + verb + "').allowed()";
  }

  static ValidatingAdmissionPolicy policy() {
    return new ValidatingAdmissionPolicyBuilder()
        .withNewMetadata().withName(POLICY).withLabels(Map.of(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)).endMetadata()
        .withNewSpec()
        .withFailurePolicy("Fail")
        .withNewMatchConstraints()
        .addNewResourceRule()
        .withApiGroups(Rule.ORGSPACE_GROUP).withApiVersions("*").withOperations("CREATE", "UPDATE")
        .withResources("organizations")
        .endResourceRule()
        .endMatchConstraints()
        .withVariables(
            new VariableBuilder().withName("setsDomains").withExpression(AdmissionPolicies.setOrChanged("domains")).build(),
            new VariableBuilder().withName("setsLimits").withExpression(AdmissionPolicies.setOrChanged("limits")).build())
        .withValidations(
            new ValidationBuilder()
                .withExpression("!variables.setsDomains || " + may(GRANT_DOMAINS))
                .withMessage("only a platform administrator may set or change an organization's domains"
                    + " (the " + GRANT_DOMAINS + " verb on organizations)")
                .withReason("Forbidden")
                .build(),
            new ValidationBuilder()
                .withExpression("!variables.setsLimits || " + may(SET_LIMITS))
                .withMessage("only a platform administrator may set or change an organization's limits"
                    + " (the " + SET_LIMITS + " verb on organizations)")
                .withReason("Forbidden")
                .build())
        .endSpec()
        .build();
  }

  public static List<HasMetadata> policies() {
    return List.of(policy(), AdmissionPolicies.binding(POLICY));
  }
}
