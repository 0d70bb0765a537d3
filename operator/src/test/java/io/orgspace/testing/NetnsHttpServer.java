package io.orgspace.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The stand-in for the previews' pods: run by {@link PodNetwork} inside its network namespace, it
 * answers on every address of the pod range (the namespace routes the whole range to itself) with
 * the address it was reached at and the Host header, so a test sees which pod served it.
 */
public final class NetnsHttpServer {
  private NetnsHttpServer() {}

  public static void main(String[] args) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("0.0.0.0", Integer.parseInt(args[0])), 64);
    server.createContext("/", exchange -> {
      byte[] body = ("backend " + exchange.getLocalAddress().getAddress().getHostAddress() + " host "
          + exchange.getRequestHeaders().getFirst("Host") + "\n").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    System.out.println("listening on " + args[0]);
  }
}
