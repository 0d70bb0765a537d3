package io.orgspace.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class LogTextTest {
  @Test
  void noRequestTextCanBreakOrForgeALogLine() {
    assertEquals("/webhooks/acme/shop", LogText.of("/webhooks/acme/shop"));
    assertEquals("a\\x0d\\x0aINFO forged", LogText.of("a\r\nINFO forged"));
    assertEquals("\\x1b[31mred \\x5c \\u2028", LogText.of("\u001b[31mred \\ \u2028"));
    assertEquals("%0aINFO", LogText.of("%0aINFO"), "a percent-encoded line break stays text");
    assertEquals("-", LogText.of(null));
    String cut = LogText.of("x".repeat(5000));
    assertEquals(LogText.MAX + 3, cut.length());
    assertFalse(LogText.of("\u0000\u007f\u0085").chars().anyMatch(c -> c < 0x20 || c >= 0x7f));
  }
}
