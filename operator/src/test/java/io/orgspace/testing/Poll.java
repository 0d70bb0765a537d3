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

  /**
   * Polls a value until it has stayed the same for {@code quiet} (a cluster that has converged
   * stops changing), and returns it.
   */
  public static <T> T untilStable(Duration timeout, Duration quiet, String what, java.util.function.Supplier<T> value) {
    Object[] last = {null};
    long[] since = {System.nanoTime()};
    until(timeout, what + " stable for " + quiet, () -> {
      T now = value.get();
      if (!now.equals(last[0])) {
        last[0] = now;
        since[0] = System.nanoTime();
        return false;
      }
      return System.nanoTime() - since[0] >= quiet.toNanos();
    });
    @SuppressWarnings("unchecked")
    T stable = (T) last[0];
    return stable;
  }
}
