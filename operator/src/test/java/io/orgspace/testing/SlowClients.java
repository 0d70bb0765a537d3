package io.orgspace.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Clients that hold a server's connections the way a slowloris attack does — half a request sent,
 * then nothing — and a client that sends its request one byte at a time. Loopback only.
 */
public final class SlowClients implements AutoCloseable {
  /** Headers cut off in the middle. */
  public static final String HALF_HEADERS = "POST /webhooks/acme/shop HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty";

  /** Whole headers announcing a body of which only a part follows. */
  public static String halfBody(String path) {
    return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + "Content-Length: 1000\r\n\r\n{\"action\": \"opened\", ";
  }

  private final List<Socket> sockets;

  private SlowClients(List<Socket> sockets) {
    this.sockets = sockets;
  }

  /** Opens {@code count} connections to {@code port} that each send {@code partial} and then hang. */
  public static SlowClients hang(int port, int count, String partial) throws IOException {
    List<Socket> sockets = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
      if (!partial.isEmpty()) {
        socket.getOutputStream().write(partial.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
      }
      sockets.add(socket);
    }
    return new SlowClients(sockets);
  }

  /** How many of the connections the server has not closed (yet). */
  public int stillOpen() {
    return (int) sockets.stream().filter(s -> !closedByServer(s)).count();
  }

  /**
   * Sends {@code request} to {@code port} one byte every {@code interval}, and returns how many
   * bytes it sent before the server closed the connection: all of them if it never did.
   */
  public static int dribble(int port, String request, Duration interval) throws IOException, InterruptedException {
    byte[] bytes = request.getBytes(StandardCharsets.US_ASCII);
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      OutputStream out = socket.getOutputStream();
      for (int sent = 0; sent < bytes.length; sent++) {
        if (closedByServer(socket)) {
          return sent;
        }
        try {
          out.write(bytes[sent]);
          out.flush();
        } catch (IOException e) {
          return sent;
        }
        Thread.sleep(interval.toMillis());
      }
      return bytes.length;
    }
  }

  /** True once the server closed (or reset) the connection; a server that only says nothing is not closing. */
  private static boolean closedByServer(Socket socket) {
    try {
      socket.setSoTimeout(1);
      InputStream in = socket.getInputStream();
      while (in.read() >= 0) {
        // an answer (e.g. a 413) may come before the close: read past it
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  @Override
  public void close() {
    for (Socket socket : sockets) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing a test's own socket: nothing to do
      }
    }
  }
}
