package io.orgspace.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds or a deadline passes; tests wait with this, never with sleeps alone. */
public final class Poll {
  private Poll() {}

  public static void until(Duration timeout, String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (IllegalStateException e) {
        throw e;
      } catch (RuntimeException e) {
        last = e;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    AssertionError error = new AssertionError("timed out after " + timeout + " waiting for " + what);
    if (last != null) {
      error.initCause(last);
    }
    throw error;
  }
}
