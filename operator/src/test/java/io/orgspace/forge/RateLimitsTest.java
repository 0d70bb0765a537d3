package io.orgspace.forge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RateLimitsTest {
  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

  @Test
  void retryAfterInSecondsOrAsADate() {
    assertEquals(Optional.of(Duration.ofSeconds(30)), RateLimits.waitFor(429, Map.of("retry-after", "30")::get, NOW));
    assertEquals(Optional.of(Duration.ofMinutes(1)),
        RateLimits.waitFor(403, Map.of("retry-after", "Mon, 30 Nov 2026 12:01:00 GMT")::get, NOW));
  }

  @Test
  void gitHubsExhaustedPrimaryLimitWaitsForTheReset() {
    var headers = Map.of("x-ratelimit-remaining", "0", "x-ratelimit-reset", String.valueOf(NOW.getEpochSecond() + 90));
    assertTrue(RateLimits.isRateLimited(403, headers::get));
    assertEquals(Optional.of(Duration.ofSeconds(90)), RateLimits.waitFor(403, headers::get, NOW));
  }

  @Test
  void aPlain403IsAPermissionProblemNotALimit() {
    var headers = Map.of("x-ratelimit-remaining", "4999");
    assertFalse(RateLimits.isRateLimited(403, headers::get));
    assertEquals(Optional.empty(), RateLimits.waitFor(403, headers::get, NOW));
  }

  @Test
  void gitLabsRateLimitResetOn429() {
    var headers = Map.of("ratelimit-remaining", "0", "ratelimit-reset", String.valueOf(NOW.getEpochSecond() + 20));
    assertEquals(Optional.of(Duration.ofSeconds(20)), RateLimits.waitFor(429, headers::get, NOW));
  }

  @Test
  void aResetInThePastWaitsNothingAndSuccessIsNoLimit() {
    assertEquals(Optional.of(Duration.ZERO), RateLimits.waitFor(429, Map.of("retry-after", "-5")::get, NOW));
    assertEquals(Optional.empty(), RateLimits.waitFor(201, Map.of("retry-after", "5")::get, NOW));
  }

  @Test
  void backOffDoublesUpToItsCap() {
    assertEquals(Duration.ofSeconds(1), Backoff.delay(0));
    assertEquals(Duration.ofSeconds(4), Backoff.delay(2));
    assertEquals(Backoff.MAX, Backoff.delay(20));
  }
}
