package io.orgspace.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.orgspace.api.ApiKey;
import io.orgspace.api.Environment;
import io.orgspace.api.Membership;
import io.orgspace.api.Organization;
import io.orgspace.api.Project;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every example is a well-formed object of the model: a typo in a field name fails here. */
class ExamplesTest {
  private static final Map<String, Class<?>> KINDS = Map.of(
      "Organization", Organization.class, "Membership", Membership.class, "Project", Project.class,
      "Environment", Environment.class, "ApiKey", ApiKey.class);

  @Test
  void everyExampleReadsIntoTheModelWithoutUnknownFields() throws Exception {
    Path root = Path.of(System.getProperty("orgspace.root", "..")).toAbsolutePath().normalize();
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    Map<String, Integer> seen = new HashMap<>();
    for (Path file : Examples.files(root)) {
      try (YAMLParser parser = new YAMLFactory().createParser(file.toFile())) {
        for (JsonNode document : yaml.readValues(parser, JsonNode.class).readAll()) {
          String kind = document.get("kind").asText();
          Class<?> type = KINDS.get(kind);
          if (type != null) {
            yaml.treeToValue(document, type);
            seen.merge(kind, 1, Integer::sum);
          }
        }
      }
    }
    assertEquals(KINDS.keySet(), seen.keySet(), "examples/ shows every kind");
    assertFalse(seen.get("Membership") < 2, "examples/ shows at least two members");
  }
}
