package io.orgspace.forge;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.function.Function;

/**
 * How long a forge asks to be left alone after an answer, from its documented headers:
 * {@code Retry-After} (seconds or an HTTP date; all three forges, GitHub's secondary limits),
 * GitHub's {@code x-ratelimit-remaining: 0} with {@code x-ratelimit-reset} (epoch seconds) on 403/429,
 * GitLab's {@code RateLimit-Reset} (epoch seconds) on 429.
 */
public final class RateLimits {
  private RateLimits() {}

  /** The wait the answer asks for; empty when it is not a rate-limit answer or names no time. */
  public static Optional<Duration> waitFor(int status, Function<String, String> header, Instant now) {
    if (status != 429 && status != 403 && status != 503) {
      return Optional.empty();
    }
    String retryAfter = header.apply("retry-after");
    if (retryAfter != null) {
      Optional<Duration> wait = retryAfter(retryAfter.trim(), now);
      if (wait.isPresent()) {
        return wait;
      }
    }
    boolean exhausted = "0".equals(trim(header.apply("x-ratelimit-remaining")));
    String reset = exhausted ? header.apply("x-ratelimit-reset") : status == 429 ? header.apply("ratelimit-reset") : null;
    if (reset != null) {
      try {
        return Optional.of(nonNegative(Duration.between(now, Instant.ofEpochSecond(Long.parseLong(reset.trim())))));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** Whether the answer says "too many requests" (a 403 only with GitHub's exhausted-limit headers). */
  public static boolean isRateLimited(int status, Function<String, String> header) {
    return status == 429 || (status == 403 && ("0".equals(trim(header.apply("x-ratelimit-remaining")))
        || header.apply("retry-after") != null));
  }

  private static Optional<Duration> retryAfter(String value, Instant now) {
    try {
      return Optional.of(nonNegative(Duration.ofSeconds(Long.parseLong(value))));
    } catch (NumberFormatException e) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return Optional.of(nonNegative(Duration.between(now, at)));
      } catch (RuntimeException notADate) {
        return Optional.empty();
      }
    }
  }

  private static Duration nonNegative(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }

  private static String trim(String s) {
    return s == null ? null : s.trim();
  }
}
