package io.orgspace.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orgspace.api.Names;
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
  void labelsKeepValidNamesAndHashWhatTheyHadToChange() {
    assertEquals("acme-shop-pr-1", Names.label("acme-shop-pr-1", 63));
    assertEquals(Names.fit("x".repeat(70), 63), Names.label("x".repeat(70), 63), "a long label is cut as before");
    String dotted = Names.label("acme-shop-v1.2.3", 63);
    assertTrue(dotted.matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"), dotted);
    assertTrue(dotted.startsWith("acme-shop-v1-2-3-"), dotted);
    assertNotEquals(Names.label("acme-shop-v1-2-3", 63), dotted, "a name made safe never meets one that was safe");
    String long_ = Names.label("acme-shop-" + "v.".repeat(60), 63);
    assertTrue(long_.length() <= 63 && long_.matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"), long_);
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
