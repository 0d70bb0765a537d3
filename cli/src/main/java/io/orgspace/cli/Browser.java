package io.orgspace.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;

/** Opens a URL in the user's browser when there is one; otherwise the printed URL is the way. */
final class Browser {
  private Browser() {}

  static boolean open(String url, PrintWriter err) {
    String os = System.getProperty("os.name", "").toLowerCase();
    List<String> command = os.contains("mac") ? List.of("open", url)
        : os.contains("win") ? List.of("rundll32", "url.dll,FileProtocolHandler", url)
        : List.of("xdg-open", url);
    try {
      new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return true;
    } catch (IOException e) {
      err.println("cannot open a browser (" + command.get(0) + "): open the URL yourself");
      return false;
    }
  }
}
