package io.orgspace.access;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1beta1.MutatingAdmissionPolicyBindingBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1beta1.MutatingAdmissionPolicyBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1beta1.Variable;
import io.fabric8.kubernetes.api.model.admissionregistration.v1beta1.VariableBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.orgspace.api.ApiKey;
import io.orgspace.api.Attribution;
import io.orgspace.api.Condition;
import io.orgspace.api.Environment;
import io.orgspace.api.Labels;
import io.orgspace.api.Membership;
import io.orgspace.api.Organization;
import io.orgspace.api.Project;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Who made and who last changed each Orgspace object, stamped by the API server itself: a
 * MutatingAdmissionPolicy (CEL in the API server, no webhook) that on every CREATE and UPDATE of
 * the five kinds writes the requester into {@link Attribution#CREATED_BY} and (when the spec
 * changes) {@link Attribution#CHANGED_BY}, and puts back whatever a request wrote there itself. An
 * API key is named {@code apikey:<organization>/<key>} rather than by its ServiceAccount. The forge
 * annotations are kept only from a writer that holds {@link Attribution#FORGE_VERB}.
 *
 * <p>Writes to the status subresource are not matched: the operator's status updates are not
 * changes. A request that changes neither the spec nor the stamps leaves the object as it was, so
 * the operator's own finalizer and no-op applies do not become writes.
 */
public final class AttributionPolicy {
  public static final String NAME = "orgspace-attribution";
  /** MutatingAdmissionPolicy became stable in Kubernetes 1.36; fabric8's model has v1beta1 only. */
  public static final String API_VERSION = "admissionregistration.k8s.io/v1";
  public static final String KIND = "MutatingAdmissionPolicy";

  static final List<String> RESOURCES = Stream.of(Organization.class, Membership.class, Project.class, Environment.class,
      ApiKey.class).map(HasMetadata::getPlural).toList();

  private AttributionPolicy() {}

  /** The condition type on each Organization that says whether changes are attributed. */
  public static final String CONDITION = "Attribution";

  /**
   * Whether the API server serves MutatingAdmissionPolicy v1 (Kubernetes 1.36 and later, unless
   * disabled), asked once at start through API discovery; a failed discovery counts as not served.
   */
  public static boolean served(KubernetesClient client) {
    try {
      return client.supports(API_VERSION, KIND);
    } catch (KubernetesClientException e) {
      return false;
    }
  }

  /** Attribution=False for a cluster that does not serve MutatingAdmissionPolicy v1. */
  public static Condition unavailable(Long generation) {
    return new Condition(CONDITION, Condition.FALSE, "MutatingAdmissionPolicyUnavailable",
        "the API server does not serve " + API_VERSION + " " + KIND + " (Kubernetes 1.36 or later): changes are not"
            + " stamped with who made them; Orgspace works otherwise, and status.changes records them without a name",
        generation);
  }

  public static List<HasMetadata> all() {
    return List.of(policy(), binding());
  }

  static GenericKubernetesResource policy() {
    // One variable per annotation says what becomes of it: 'leave', 'remove' or 'set:<value>' (CEL
    // variables cannot hold JSONPatch values). The mutation turns each into its patch.
    Map<String, String> decisions = new LinkedHashMap<>();
    decisions.put(Attribution.CREATED_BY, "request.operation == 'CREATE' ? 'set:' + variables.actor : "
        + keepOld(Attribution.CREATED_BY));
    decisions.put(Attribution.CHANGED_BY, "variables.specChanged ? 'set:' + variables.actor : " + keepOld(Attribution.CHANGED_BY));
    for (String key : Attribution.FORGE) {
      // The authorizer is asked only when the request or the stored object carries the annotation.
      decisions.put(key, "!" + given(key) + " && !" + stored(key) + " ? 'leave' : variables.forgeWriter ? 'leave' : "
          + "variables.specChanged ? " + remove(key) + " : " + keepOld(key));
    }
    List<Variable> decisionVariables = new ArrayList<>();
    List<String> patches = new ArrayList<>();
    patches.add("(has(object.metadata.annotations) ? [] : [JSONPatch{op: 'add', path: '/metadata/annotations', value: {}}])");
    decisions.forEach((key, expression) -> {
      String name = variableName(key);
      decisionVariables.add(new VariableBuilder().withName(name).withExpression(expression).build());
      String decision = "variables." + name;
      patches.add("(" + decision + ".startsWith('set:') ? [JSONPatch{op: 'add', path: '" + path(key) + "', value: " + decision
          + ".substring(4)}] : " + decision + " == 'remove' ? [JSONPatch{op: 'remove', path: '" + path(key) + "'}] : [])");
    });
    String mutation = String.join("\n+ ", patches);
    String user = "request.userInfo.username";
    String apiKey = "variables.parts.size() == 4 && variables.parts[0] == 'system' && variables.parts[1] == 'serviceaccount'"
        + " && variables.parts[2].startsWith('" + Organization.HOME_NAMESPACE_PREFIX + "')"
        + " && variables.parts[3].startsWith('" + ApiKeyPlan.SERVICE_ACCOUNT_PREFIX + "')";
    String apiKeyActor = "'" + Attribution.API_KEY_ACTOR_PREFIX + "' + variables.parts[2].substring("
        + Organization.HOME_NAMESPACE_PREFIX.length() + ") + '/' + variables.parts[3].substring("
        + ApiKeyPlan.SERVICE_ACCOUNT_PREFIX.length() + ")";
    HasMetadata beta = new MutatingAdmissionPolicyBuilder()
        .withNewMetadata().withName(NAME).withLabels(labels()).endMetadata()
        .withNewSpec()
        .withFailurePolicy("Fail")
        .withReinvocationPolicy("IfNeeded")
        .withNewMatchConstraints()
        .addNewResourceRule()
        .withApiGroups(Rule.ORGSPACE_GROUP).withApiVersions("*").withOperations("CREATE", "UPDATE")
        .withResources(RESOURCES)
        .endResourceRule()
        .endMatchConstraints()
        .withVariables(
            new VariableBuilder().withName("parts").withExpression(user + ".split(':')").build(),
            new VariableBuilder().withName("actor").withExpression(apiKey + " ? " + apiKeyActor + " : " + user).build(),
            new VariableBuilder().withName("specChanged").withExpression("request.operation == 'CREATE'"
                + " || has(object.spec) != has(oldObject.spec) || (has(object.spec) && object.spec != oldObject.spec)").build(),
            new VariableBuilder().withName("forgeWriter").withExpression("authorizer.group('" + Rule.ORGSPACE_GROUP + "')"
                + ".resource(request.resource.resource).namespace(has(request.namespace) ? request.namespace : '').name(request.name)"
                + ".check('" + Attribution.FORGE_VERB + "').allowed()").build())
        .addAllToVariables(decisionVariables)
        .addNewMutation()
        .withPatchType("JSONPatch")
        .withNewJsonPatch().withExpression(mutation).endJsonPatch()
        .endMutation()
        .endSpec()
        .build();
    return v1(beta);
  }

  static GenericKubernetesResource binding() {
    return v1(new MutatingAdmissionPolicyBindingBuilder()
        .withNewMetadata().withName(NAME).withLabels(labels()).endMetadata()
        .withNewSpec().withPolicyName(NAME).endSpec()
        .build());
  }

  /** The JSON Patch path of an annotation ({@code /} in the key escaped as {@code ~1}). */
  static String path(String key) {
    return "/metadata/annotations/" + key.replace("~", "~0").replace("/", "~1");
  }

  private static String given(String key) {
    return "(has(object.metadata.annotations) && '" + key + "' in object.metadata.annotations)";
  }

  /** The CEL variable that holds what becomes of an annotation: {@code orgspace.io/changed-by} is {@code changed_by}. */
  static String variableName(String key) {
    return key.substring(key.indexOf('/') + 1).replace('-', '_');
  }

  private static String stored(String key) {
    return "(request.operation == 'UPDATE' && has(oldObject.metadata.annotations) && '" + key
        + "' in oldObject.metadata.annotations)";
  }

  /** Removes the annotation if the request carries it. */
  private static String remove(String key) {
    return "(" + given(key) + " ? 'remove' : 'leave')";
  }

  /** Puts back the stored value (or removes one the request added where none was stored). */
  private static String keepOld(String key) {
    return "(" + stored(key) + " ? 'set:' + oldObject.metadata.annotations['" + key + "'] : " + remove(key) + ")";
  }

  /** The same object under the v1 API version (the schema did not change from v1beta1 to v1). */
  private static GenericKubernetesResource v1(HasMetadata beta) {
    GenericKubernetesResource resource = Serialization.unmarshal(Serialization.asJson(beta), GenericKubernetesResource.class);
    resource.setApiVersion(API_VERSION);
    resource.getMetadata().setAnnotations(new LinkedHashMap<>());
    return resource;
  }

  private static Map<String, String> labels() {
    return Map.of(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
  }
}
