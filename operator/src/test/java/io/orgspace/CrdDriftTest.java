package io.orgspace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * crds/ must be exactly what the crd-generator makes from the Java model, and the chart's crds/ a
 * copy of it (run `make generate`).
 */
class CrdDriftTest {
  private static final Path ROOT = Path.of(System.getProperty("orgspace.root", "..")).toAbsolutePath().normalize();

  @Test
  void committedCrdsMatchTheGeneratedOnes() throws IOException {
    Map<String, String> generated = read(ROOT.resolve("operator/target/classes/META-INF/fabric8"), "-v1.yml");
    Map<String, String> committed = read(ROOT.resolve("crds"), ".yaml");
    assertEquals(5, generated.size(), "one CRD per kind: " + generated.keySet());
    assertEquals(generated.keySet(), committed.keySet(), "crds/ lists other kinds than the model; run make generate");
    generated.forEach((name, yaml) ->
        assertEquals(yaml, committed.get(name), "crds/" + name + ".yaml differs from the model; run make generate"));
  }

  @Test
  void chartCrdsAreTheGeneratedOnes() throws IOException {
    Map<String, String> committed = read(ROOT.resolve("crds"), ".yaml");
    Map<String, String> chart = read(ROOT.resolve("helm/orgspace/crds"), ".yaml");
    assertEquals(committed.keySet(), chart.keySet(), "helm/orgspace/crds/ lists other kinds than crds/; run make generate");
    committed.forEach((name, yaml) ->
        assertEquals(yaml, chart.get(name), "helm/orgspace/crds/" + name + ".yaml differs from crds/; run make generate"));
  }

  private static Map<String, String> read(Path dir, String suffix) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> list = Files.list(dir)) {
      for (Path file : list.filter(f -> f.getFileName().toString().endsWith(suffix)).toList()) {
        String name = file.getFileName().toString();
        files.put(name.substring(0, name.length() - suffix.length()), Files.readString(file));
      }
    }
    return files;
  }
}
