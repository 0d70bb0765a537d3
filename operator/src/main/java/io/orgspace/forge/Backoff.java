package io.orgspace.forge;

import java.time.Duration;

/** Exponential back-off between attempts: 1 s, 2 s, 4 s, ... at most 30 s. */
final class Backoff {
  static final Duration FIRST = Duration.ofSeconds(1);
  static final Duration MAX = Duration.ofSeconds(30);

  private Backoff() {}

  static Duration delay(int attempt) {
    Duration d = FIRST.multipliedBy(1L << Math.min(attempt, 10));
    return d.compareTo(MAX) > 0 ? MAX : d;
  }
}
