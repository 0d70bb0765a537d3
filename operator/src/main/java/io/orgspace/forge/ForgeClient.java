package io.orgspace.forge;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Sends forge requests with bounded time: a connect and a request time-out, a few attempts with
 * exponential back-off on network errors, 5xx and rate-limit answers (waiting what the forge asks,
 * up to {@link #MAX_WAIT}). Meant for a worker thread, never a reconcile. Its failures name the
 * method, path and HTTP status, never the token. It calls only what {@link ForgeEndpoints} allows,
 * and never follows a redirect: a token goes to the host the platform allowed, or nowhere.
 */
public class ForgeClient {
  static final int ATTEMPTS = 4;
  /** The reason of a request to an API the platform does not allow. */
  public static final String NOT_ALLOWED = "ForgeNotAllowed";
  static final Duration MAX_WAIT = Duration.ofSeconds(60);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** A report that could not be made; its message is safe for a condition (no token, no body). */
  public static class FeedbackException extends Exception {
    private final String reason;

    public FeedbackException(String reason, String message) {
      super(message);
      this.reason = reason;
    }

    public String reason() {
      return reason;
    }
  }

  public record Response(int status, String body) {}

  /** Waits between attempts; tests replace it. */
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final HttpClient http;
  private final Clock clock;
  private final Sleeper sleeper;
  private final ForgeEndpoints endpoints;

  public ForgeClient(Clock clock, ForgeEndpoints endpoints) {
    this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER).build(), clock, d -> Thread.sleep(d.toMillis()), endpoints);
  }

  ForgeClient(HttpClient http, Clock clock, Sleeper sleeper, ForgeEndpoints endpoints) {
    this.http = http;
    this.clock = clock;
    this.sleeper = sleeper;
    this.endpoints = endpoints;
  }

  public ForgeEndpoints endpoints() {
    return endpoints;
  }

  /** Sends the request with the token; returns a 2xx answer or throws. */
  public Response send(ForgeApi api, ForgeRequest request, String token) throws FeedbackException, InterruptedException {
    Optional<String> notAllowed = endpoints.problem(request.uri().toString());
    if (notAllowed.isPresent()) {
      throw new FeedbackException(NOT_ALLOWED, notAllowed.get());
    }
    String failure = null;
    String reason = "ForgeUnreachable";
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Duration wait = Backoff.delay(attempt);
      try {
        HttpResponse<String> response = http.send(build(api, request, token), HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
          return new Response(status, response.body());
        }
        var headers = response.headers();
        boolean limited = RateLimits.isRateLimited(status, name -> headers.firstValue(name).orElse(null));
        failure = request + " answered " + status;
        if (status >= 300 && status < 400) {
          throw new FeedbackException("ForgeRedirected", failure + "; redirects are not followed: set the project's"
              + " repository.apiUrl to the API's own address");
        }
        if (!limited && status < 500) {
          throw new FeedbackException(status == 401 || status == 403 ? "ForgeDeniedToken"
              : status == 404 ? "ForgeNotFound" : "ForgeRejected",
              failure + (status == 401 || status == 403 || status == 404 ? ": check the token and its scopes" : ""));
        }
        reason = limited ? "ForgeRateLimited" : "ForgeUnavailable";
        Optional<Duration> asked = RateLimits.waitFor(status, name -> headers.firstValue(name).orElse(null), clock.instant());
        if (asked.isPresent()) {
          if (asked.get().compareTo(MAX_WAIT) > 0) {
            throw new FeedbackException(reason, failure + "; rate limited for " + asked.get().toSeconds() + "s");
          }
          wait = asked.get();
        }
      } catch (IOException e) {
        // The exception's own text may quote the URL (never a token); the class says enough.
        failure = request + " failed: " + e.getClass().getSimpleName();
        reason = "ForgeUnreachable";
      }
      if (attempt + 1 < ATTEMPTS) {
        sleeper.sleep(wait);
      }
    }
    throw new FeedbackException(reason, failure + " (" + ATTEMPTS + " attempts)");
  }

  private static HttpRequest build(ForgeApi api, ForgeRequest request, String token) {
    var auth = api.authorization(token);
    var builder = HttpRequest.newBuilder(request.uri()).timeout(TIMEOUT)
        .header("User-Agent", "orgspace")
        .header(auth.getKey(), auth.getValue())
        .method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(request.body()));
    request.headers().forEach(builder::header);
    return builder.build();
  }
}
