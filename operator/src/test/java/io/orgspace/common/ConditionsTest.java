package io.orgspace.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.orgspace.api.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {
  private static final Instant EARLIER = Instant.parse("2026-01-01T10:00:00Z");
  private static final Instant LATER = Instant.parse("2026-01-01T11:00:00Z");

  @Test
  void keepsTheTransitionTimeWhileTheStatusStaysTheSame() {
    List<Condition> first = Conditions.merge(null, List.of(Conditions.ready(1, "A", "a")), EARLIER);
    List<Condition> second = Conditions.merge(first, List.of(Conditions.ready(2, "B", "b")), LATER);

    assertEquals("2026-01-01T10:00:00Z", second.get(0).lastTransitionTime);
    assertEquals("B", second.get(0).reason);
    assertEquals(2L, second.get(0).observedGeneration);
  }

  @Test
  void movesTheTransitionTimeWhenTheStatusChanges() {
    List<Condition> first = Conditions.merge(null, List.of(Conditions.ready(1, "A", "a")), EARLIER);
    List<Condition> second = Conditions.merge(first, List.of(Conditions.notReady(1, "Broken", "b")), LATER);

    assertEquals("2026-01-01T11:00:00Z", second.get(0).lastTransitionTime);
    assertEquals(Condition.FALSE, second.get(0).status);
  }
}
