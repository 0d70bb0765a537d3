package io.orgspace.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.orgspace.api.Attribution;
import io.orgspace.api.Condition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttributionPolicyTest {
  @Test
  @SuppressWarnings("unchecked")
  void stampsCreatesAndUpdatesOfTheFiveKindsButNotTheirStatus() {
    GenericKubernetesResource policy = AttributionPolicy.policy();
    assertEquals("admissionregistration.k8s.io/v1", policy.getApiVersion());
    Map<String, Object> rule = ((List<Map<String, Object>>) ((Map<String, Object>) ((Map<String, Object>) policy
        .getAdditionalProperties().get("spec")).get("matchConstraints")).get("resourceRules")).get(0);
    assertEquals(List.of("organizations", "memberships", "projects", "environments", "apikeys"), rule.get("resources"));
    assertEquals(List.of("CREATE", "UPDATE"), rule.get("operations"));
    assertEquals("Fail", ((Map<String, Object>) policy.getAdditionalProperties().get("spec")).get("failurePolicy"));
  }

  @Test
  void everyStampHasItsOwnDecision() {
    String rendered = Serialization.asYaml(AttributionPolicy.policy());
    for (String key : List.of(Attribution.CREATED_BY, Attribution.CHANGED_BY, Attribution.FORGE_PROVIDER,
        Attribution.FORGE_AUTHOR, Attribution.FORGE_SENDER, Attribution.FORGE_URL)) {
      assertTrue(rendered.contains("name: \"" + AttributionPolicy.variableName(key) + "\""), key);
      assertTrue(rendered.contains(AttributionPolicy.path(key)), key);
    }
    assertEquals("/metadata/annotations/orgspace.io~1changed-by", AttributionPolicy.path(Attribution.CHANGED_BY));
  }

  @Test
  void aClusterWithoutThePolicyApiGetsAttributionFalse() {
    Condition condition = AttributionPolicy.unavailable(3L);
    assertEquals("Attribution", condition.type);
    assertEquals(Condition.FALSE, condition.status);
    assertEquals("MutatingAdmissionPolicyUnavailable", condition.reason);
    assertEquals(3L, condition.observedGeneration);
  }
}
