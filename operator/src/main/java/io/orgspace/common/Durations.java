package io.orgspace.common;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go-style durations as the schemas accept them: hours, minutes, seconds (e.g. 1h30m). */
public final class Durations {
  private static final Pattern PART = Pattern.compile("([0-9]+)(h|m|s)");

  private Durations() {}

  public static Duration parse(String text) {
    Matcher matcher = PART.matcher(text);
    Duration total = Duration.ZERO;
    int end = 0;
    while (matcher.find()) {
      if (matcher.start() != end) {
        throw new IllegalArgumentException("not a duration: " + text);
      }
      long amount = Long.parseLong(matcher.group(1));
      total = total.plus(switch (matcher.group(2)) {
        case "h" -> Duration.ofHours(amount);
        case "m" -> Duration.ofMinutes(amount);
        default -> Duration.ofSeconds(amount);
      });
      end = matcher.end();
    }
    if (end != text.length() || end == 0) {
      throw new IllegalArgumentException("not a duration: " + text);
    }
    return total;
  }
}
