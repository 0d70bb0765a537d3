package io.orgspace.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NamesTest {
  @Test
  void shortNamesStayLongOnesAreCutWithDistinctHashes() {
    assertEquals("acme-shop-pr-1", Names.fit("acme-shop-pr-1", 63));
    String a = Names.fit("x".repeat(70) + "a", 63);
    String b = Names.fit("x".repeat(70) + "b", 63);
    assertEquals(63, a.length());
    assertNotEquals(a, b);
  }

  @Test
  void branchNamesBecomeDnsSafe() {
    assertEquals("feature-cart-v2", Names.dnsSafe("Feature/Cart_V2", 63));
  }

  @Test
  void durationsParseLikeTheSchemaAcceptsThem() {
    assertEquals(Duration.ofMinutes(90), Durations.parse("1h30m"));
    assertEquals(Duration.ofHours(168), Durations.parse("168h"));
    assertThrows(IllegalArgumentException.class, () -> Durations.parse("7d"));
    assertThrows(IllegalArgumentException.class, () -> Durations.parse(""));
  }
}
