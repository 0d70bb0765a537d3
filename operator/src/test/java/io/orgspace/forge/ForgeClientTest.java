package io.orgspace.forge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.orgspace.api.GitProvider;
import io.orgspace.api.Repository;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retries, waits and failures of real HTTP exchanges with a forge stand-in on loopback. */
class ForgeClientTest {
  private static final String TOKEN = "s3cret-forge-token";
  private static final String SHA = "0123456789abcdef0123456789abcdef01234567";

  private record Answer(int status, String retryAfter, String body) {}

  private HttpServer server;
  private final Deque<Answer> answers = new ConcurrentLinkedDeque<>();
  private final List<String> seen = new ArrayList<>();
  private final List<Duration> waits = new ArrayList<>();
  private ForgeClient client;
  private ForgeRepository repository;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      synchronized (seen) {
        seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath() + " "
            + exchange.getRequestHeaders().getFirst("Authorization") + " "
            + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      }
      Answer answer = answers.isEmpty() ? new Answer(201, null, "{}") : answers.poll();
      if (answer.retryAfter() != null) {
        exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
      }
      byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(answer.status(), body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    // The stand-in on loopback is allowed as the platform would allow a test forge: by its exact URL.
    client = new ForgeClient(HttpClient.newHttpClient(), Clock.systemUTC(), waits::add,
        ForgeEndpoints.of(List.of("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1")));
    Repository r = new Repository();
    r.provider = GitProvider.gitea;
    r.url = "https://code.example/acme/shop";
    r.apiUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1";
    repository = ForgeRepository.of(r);
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private CommitStatus status() {
    return new CommitStatus(SHA, CommitStatus.State.SUCCESS, "https://pr-1.shop.example", "Preview ready");
  }

  @Test
  void aStatusIsSentWithTheTokenInItsHeader() throws Exception {
    Feedback.report(client, repository, TOKEN, 1, status(), null);
    assertEquals(1, seen.size());
    assertTrue(seen.get(0).startsWith("POST /api/v1/repos/acme/shop/statuses/" + SHA + " token " + TOKEN
        + " {\"state\":\"success\""), seen.get(0));
  }

  @Test
  void serverErrorsAndRateLimitsAreRetriedWithTheAskedWait() throws Exception {
    answers.add(new Answer(502, null, "bad gateway"));
    answers.add(new Answer(429, "7", "slow down"));
    Feedback.report(client, repository, TOKEN, 1, status(), null);
    assertEquals(3, seen.size());
    assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(7)), waits);
  }

  @Test
  void aRejectedTokenFailsAtOnceWithoutTheTokenInTheMessage() {
    answers.add(new Answer(401, null, "{\"message\":\"token " + TOKEN + " is invalid\"}"));
    var e = assertThrows(ForgeClient.FeedbackException.class,
        () -> Feedback.report(client, repository, TOKEN, 1, status(), null));
    assertEquals("ForgeDeniedToken", e.reason());
    assertTrue(e.getMessage().contains("answered 401"), e.getMessage());
    assertFalse(e.getMessage().contains(TOKEN));
    assertEquals(1, seen.size());
  }

  @Test
  void aLimitLongerThanTheMostItWaitsFailsWithoutWaiting() {
    answers.add(new Answer(429, "3600", ""));
    var e = assertThrows(ForgeClient.FeedbackException.class,
        () -> Feedback.report(client, repository, TOKEN, 1, status(), null));
    assertEquals("ForgeRateLimited", e.reason());
    assertTrue(waits.isEmpty());
  }

  @Test
  void anUnreachableForgeFailsAfterBoundedAttempts() {
    int port = server.getAddress().getPort();
    server.stop(0);
    Repository r = new Repository();
    r.provider = GitProvider.github;
    r.url = "https://github.com/acme/shop";
    r.apiUrl = "http://127.0.0.1:" + port + "/api/v1";
    var e = assertThrows(ForgeClient.FeedbackException.class,
        () -> Feedback.report(client, ForgeRepository.of(r), TOKEN, 1, status(), null));
    assertEquals("ForgeUnreachable", e.reason());
    assertFalse(e.getMessage().contains(TOKEN));
    assertEquals(ForgeClient.ATTEMPTS - 1, waits.size());
  }

  @Test
  void aRedirectIsNeverFollowedAndTheTokenGoesNowhereElse() throws Exception {
    HttpServer elsewhere = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    List<String> reached = new ArrayList<>();
    elsewhere.createContext("/", exchange -> {
      reached.add(exchange.getRequestHeaders().getFirst("Authorization"));
      exchange.sendResponseHeaders(201, -1);
      exchange.close();
    });
    elsewhere.start();
    try {
      server.removeContext("/");
      server.createContext("/", exchange -> {
        seen.add(exchange.getRequestURI().getRawPath());
        exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/x");
        exchange.sendResponseHeaders(307, -1);
        exchange.close();
      });
      var e = assertThrows(ForgeClient.FeedbackException.class,
          () -> Feedback.report(client, repository, TOKEN, 1, status(), null));
      assertEquals("ForgeRedirected", e.reason());
      assertEquals(1, seen.size(), "no retry of a redirect");
      assertTrue(reached.isEmpty(), "the redirect's target was never called");
    } finally {
      elsewhere.stop(0);
    }
  }

  @Test
  void anApiThePlatformDoesNotAllowIsNeverCalled() {
    Repository r = new Repository();
    r.provider = GitProvider.gitea;
    r.url = "https://code.example/acme/shop";
    r.apiUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/other";
    var e = assertThrows(ForgeClient.FeedbackException.class,
        () -> Feedback.report(client, ForgeRepository.of(r), TOKEN, 1, status(), null));
    assertEquals(ForgeClient.NOT_ALLOWED, e.reason());
    assertTrue(seen.isEmpty());
    assertFalse(e.getMessage().contains(TOKEN));
  }

  @Test
  void theCommentIsCreatedOnceThenEditedInPlace() throws Exception {
    answers.add(new Answer(201, null, "{}"));
    answers.add(new Answer(200, null, "[{\"id\":3,\"body\":\"nice\"}]"));
    answers.add(new Answer(201, null, "{\"id\":4}"));
    Feedback.report(client, repository, TOKEN, 9, status(), "ready");
    answers.add(new Answer(201, null, "{}"));
    answers.add(new Answer(200, null, "[{\"id\":3,\"body\":\"nice\"},{\"id\":4,\"body\":\"<!-- orgspace/preview -->\\nready\"}]"));
    answers.add(new Answer(200, null, "{\"id\":4}"));
    Feedback.report(client, repository, TOKEN, 9, status(), "ready again");
    assertEquals(List.of(
        "POST /api/v1/repos/acme/shop/statuses/" + SHA,
        "GET /api/v1/repos/acme/shop/issues/9/comments",
        "POST /api/v1/repos/acme/shop/issues/9/comments",
        "POST /api/v1/repos/acme/shop/statuses/" + SHA,
        "GET /api/v1/repos/acme/shop/issues/9/comments",
        "PATCH /api/v1/repos/acme/shop/issues/comments/4"),
        seen.stream().map(s -> s.substring(0, s.indexOf(" token"))).toList());
    assertTrue(seen.get(5).contains("<!-- orgspace/preview -->\\nready again"), seen.get(5));
  }
}
