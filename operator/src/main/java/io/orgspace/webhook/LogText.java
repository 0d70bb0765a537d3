package io.orgspace.webhook;

/**
 * Request text (a path, a header value) made safe for one log line: printable ASCII stays, any
 * other character — line breaks, escapes, non-ASCII — is written as {@code \xNN} or
 * {@code \}{@code uNNNN}, and the text is cut at 200 characters, so that no request can forge or
 * break a line of the operator's log.
 */
final class LogText {
  static final int MAX = 200;

  private LogText() {}

  static String of(String text) {
    if (text == null) {
      return "-";
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX) + 16);
    for (int i = 0; i < text.length() && i < MAX; i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '\\') {
        out.append(c);
      } else if (c < 0x100) {
        out.append(String.format("\\x%02x", (int) c));
      } else {
        out.append(String.format("\\u%04x", (int) c));
      }
    }
    return text.length() > MAX ? out.append("...").toString() : out.toString();
  }
}
