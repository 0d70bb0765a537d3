package io.orgspace.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.orgspace.api.Attribution;
import io.orgspace.api.Environment;
import io.orgspace.api.EnvironmentSpec;
import io.orgspace.api.EnvironmentStatus;
import io.orgspace.api.ResourceStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangeHistoryTest {
  private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

  private static Environment environment(long generation, String image, Map<String, String> variables, String changedBy) {
    Environment environment = new Environment();
    environment.getMetadata().setName("shop-pr-1");
    environment.getMetadata().setGeneration(generation);
    environment.getMetadata().setCreationTimestamp("2026-11-30T09:00:00Z");
    environment.getMetadata().setAnnotations(Map.of(Attribution.CREATED_BY, "alice", Attribution.CHANGED_BY, changedBy));
    environment.setSpec(new EnvironmentSpec());
    environment.getSpec().project = "shop";
    environment.getSpec().image = image;
    environment.getSpec().variables = variables;
    return environment;
  }

  private static EnvironmentStatus recorded(Environment environment, EnvironmentStatus previous) {
    EnvironmentStatus next = new EnvironmentStatus();
    ChangeHistory.record(environment, previous, next, NOW);
    return next;
  }

  @Test
  void aNewGenerationIsRecordedWithWhoAndWhichFields() {
    EnvironmentStatus first = recorded(environment(1, "shop:1", null, "alice"), null);
    assertEquals("alice", first.createdBy.by);
    assertEquals("2026-11-30T09:00:00Z", first.createdBy.at);
    assertEquals(1, first.changes.size());
    assertEquals(List.of("image", "project"), first.changes.get(0).fields);

    EnvironmentStatus second = recorded(environment(2, "shop:2", Map.of("A", "1"), "bob"), first);
    assertEquals(List.of(1L, 2L), second.changes.stream().map(c -> c.generation).toList());
    assertEquals("bob", second.changes.get(1).by);
    assertEquals(NOW.toString(), second.changes.get(1).at);
    assertEquals(List.of("image", "variables"), second.changes.get(1).fields);

    EnvironmentStatus removed = recorded(environment(3, "shop:2", null, "bob"), second);
    assertEquals(List.of("variables"), removed.changes.get(2).fields, "a removed field counts");
  }

  @Test
  void theSameGenerationRecordsNothingNew() {
    EnvironmentStatus first = recorded(environment(1, "shop:1", null, "alice"), null);
    EnvironmentStatus again = recorded(environment(1, "shop:1", null, "mallory"), first);
    assertSame(first.changes, again.changes);
    assertEquals(first.specDigests, again.specDigests);
  }

  @Test
  void mapsInAnotherKeyOrderAreTheSameValue() {
    EnvironmentStatus first = recorded(environment(1, "shop:1", new LinkedHashMap<>(Map.of("A", "1", "B", "2")), "a"), null);
    LinkedHashMap<String, String> reordered = new LinkedHashMap<>();
    reordered.put("B", "2");
    reordered.put("A", "1");
    EnvironmentStatus next = recorded(environment(2, "shop:2", reordered, "a"), first);
    assertEquals(List.of("image"), next.changes.get(1).fields);
  }

  @Test
  void theHistoryIsBounded() {
    EnvironmentStatus status = null;
    for (long generation = 1; generation <= ResourceStatus.MAX_CHANGES + 5; generation++) {
      status = recorded(environment(generation, "shop:" + generation, null, "u" + generation), status);
    }
    assertEquals(ResourceStatus.MAX_CHANGES, status.changes.size());
    assertEquals(6L, status.changes.get(0).generation);
    assertEquals((long) ResourceStatus.MAX_CHANGES + 5, status.changes.get(ResourceStatus.MAX_CHANGES - 1).generation);
  }

  @Test
  void forgeAnnotationsBecomeTheForgeActor() {
    Environment environment = environment(1, "shop:1", null, "system:serviceaccount:orgspace:orgspace");
    environment.getMetadata().setAnnotations(Map.of(Attribution.CHANGED_BY, "op", Attribution.FORGE_PROVIDER, "github",
        Attribution.FORGE_AUTHOR, "bob", Attribution.FORGE_URL, "https://github.com/acme/shop/pull/1"));
    EnvironmentStatus status = recorded(environment, null);
    assertEquals("bob", status.changes.get(0).forge.author);
    assertNull(status.changes.get(0).forge.sender);
    assertNull(recorded(environment(1, "shop:1", null, "alice"), null).changes.get(0).forge);
  }
}
