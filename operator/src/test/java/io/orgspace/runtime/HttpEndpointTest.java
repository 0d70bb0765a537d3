package io.orgspace.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orgspace.testing.Poll;
import io.orgspace.testing.SlowClients;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The limits of the endpoint, on loopback, with short deadlines. */
class HttpEndpointTest {
  private static final Duration SHORT = Duration.ofSeconds(1);
  private static final Duration LONG = Duration.ofMinutes(5);
  private static final Duration WAIT = Duration.ofSeconds(30);
  private final OkHttpClient http = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
  private HttpEndpoint endpoint;

  private HttpEndpoint start(int maxConnections, Duration requestTimeout, Duration idleTimeout) {
    endpoint = new HttpEndpoint("test", 0, new HttpEndpoint.Limits(maxConnections, requestTimeout, idleTimeout),
        1024, 2, request -> HttpEndpoint.Response.text(200, request.method() + " " + request.path() + " "
            + request.body().length + "\n"));
    endpoint.start();
    return endpoint;
  }

  @AfterEach
  void stop() {
    endpoint.close();
  }

  private String url() {
    return "http://127.0.0.1:" + endpoint.port() + "/hook?x=1";
  }

  private Response post(RequestBody body) throws IOException {
    return http.newCall(new Request.Builder().url(url()).post(body).build()).execute();
  }

  @Test
  void answersWhileFiftyClientsHangHalfway() throws Exception {
    start(200, SHORT, SHORT);
    try (SlowClients headers = SlowClients.hang(endpoint.port(), 25, SlowClients.HALF_HEADERS);
         SlowClients bodies = SlowClients.hang(endpoint.port(), 25, SlowClients.halfBody("/hook"))) {
      try (Response response = post(RequestBody.create("{}", MediaType.parse("application/json")))) {
        assertEquals(200, response.code());
        assertEquals("POST /hook 2\n", response.body().string(), "the raw path, without the query");
      }
      Poll.until(WAIT, "the hanging clients cut at their request deadline",
          () -> headers.stillOpen() == 0 && bodies.stillOpen() == 0);
    }
  }

  @Test
  void aClientSendingItsRequestByteByByteIsCutAtTheDeadline() throws Exception {
    start(200, SHORT, LONG);
    String request = SlowClients.halfBody("/hook") + " ".repeat(40);
    int sent = SlowClients.dribble(endpoint.port(), request, Duration.ofMillis(100));
    assertTrue(sent < request.length(), "cut after " + sent + " of " + request.length() + " bytes, though bytes kept coming");
  }

  @Test
  void idleConnectionsAreClosedBeforeAndBetweenRequests() throws Exception {
    start(200, LONG, SHORT);
    try (SlowClients silent = SlowClients.hang(endpoint.port(), 3, "")) {
      Poll.until(WAIT, "connections that never sent a byte closed", () -> silent.stillOpen() == 0);
    }
    try (Response response = post(RequestBody.create("{}", MediaType.parse("application/json")))) {
      assertEquals(200, response.code());
      assertEquals(null, response.header("Connection"), "kept alive");
    }
    Poll.until(WAIT, "the kept-alive connection closed when idle", () -> endpoint.connections() == 0);
  }

  @Test
  void connectionsOverTheLimitAreClosedAtOnce() throws Exception {
    start(3, LONG, LONG);
    try (SlowClients three = SlowClients.hang(endpoint.port(), 3, SlowClients.HALF_HEADERS)) {
      Poll.until(WAIT, "three connections held", () -> endpoint.connections() == 3);
      try (SlowClients fourth = SlowClients.hang(endpoint.port(), 1, "")) {
        Poll.until(WAIT, "the fourth connection closed", () -> fourth.stillOpen() == 0);
        assertEquals(3, three.stillOpen(), "the three held ones are untouched");
      }
    }
    Poll.until(WAIT, "their slots freed", () -> endpoint.connections() == 0);
    try (Response response = post(RequestBody.create("{}", MediaType.parse("application/json")))) {
      assertEquals(200, response.code());
    }
  }

  @Test
  void aBodyOverTheLimitIsAnswered413WithOrWithoutItsLength() throws Exception {
    start(200, SHORT, SHORT);
    byte[] big = new byte[64 * 1024];
    try (Response response = post(RequestBody.create(big, MediaType.parse("application/json")))) {
      assertEquals(413, response.code());
    }
    // Without a length the JDK's client sends the body chunked.
    HttpResponse<String> chunked = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url()))
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(413, chunked.statusCode());
    try (Response response = post(RequestBody.create(new byte[1024], MediaType.parse("application/json")))) {
      assertEquals(200, response.code(), "exactly the limit is taken");
    }
  }
}
