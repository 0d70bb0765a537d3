package io.orgspace.bench;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.orgspace.api.GitProvider;
import io.orgspace.api.Organization;
import io.orgspace.testing.ControlPlane;
import io.orgspace.testing.OperatorProcess;
import io.orgspace.testing.Poll;
import io.orgspace.testing.TestOrganization;
import io.orgspace.testing.TestProject;
import io.orgspace.webhook.Deliveries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Benchmark (not a test): webhook delivery -> Environment written, over N signed GitHub
 * "opened" deliveries against the real local control plane. The webhook answers after its
 * server-side apply returns, so the response time is the time to a written Environment.
 * Deliveries are paced (default 10 per second, already far above a real repository's rate) so
 * that each one is measured with the operator still digesting the previous ones, not queued
 * behind them; a rate of 0 sends them back to back.
 * Run: make bench-webhook (N defaults to 1000), or with arguments N RATE.
 */
public final class WebhookBench {
  private WebhookBench() {}

  public static void main(String[] args) throws Exception {
    int deliveries = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    double rate = args.length > 1 ? Double.parseDouble(args[1]) : 10.0;
    long intervalNanos = rate <= 0 ? 0 : (long) (1_000_000_000L / rate);
    String org = "bench-" + UUID.randomUUID().toString().substring(0, 6);
    String home = "org-" + org;
    String secret = UUID.randomUUID().toString();
    KubernetesClient admin = ControlPlane.admin();
    try (OperatorProcess operator = OperatorProcess.start("webhook-bench").awaitReady(Duration.ofSeconds(60))) {
      try {
        TestOrganization.named(org).domain().create(admin).awaitHome(Duration.ofSeconds(60));
        admin.resource(new SecretBuilder().withNewMetadata().withName("hook").withNamespace(home).endMetadata()
            .addToStringData("secret", secret).build()).create();
        // No image template: the environments are written but not deployed, so the figure is the webhook path's.
        TestProject.named("shop").in(home).repository(GitProvider.github, "https://github.com/acme/shop")
            .webhookSecret("hook", "secret").create(admin);
        OkHttpClient http = new OkHttpClient();
        String url = operator.webhookUrl(org, "shop");
        Poll.until(Duration.ofSeconds(30), "project known to the webhook", () -> post(http, url,
            Deliveries.signed(GitProvider.github, secret, "{}".getBytes(), "ping", UUID.randomUUID().toString())) == 202);

        for (int i = 0; i < 50; i++) { // warm-up
          post(http, url, Deliveries.pullRequest(GitProvider.github, secret, "opened", 100_000 + i, "aaaaaaa1",
              java.time.Instant.now().toString(), false, false));
        }
        List<Long> micros = new ArrayList<>();
        long wallStart = System.nanoTime();
        long next = System.nanoTime();
        for (int i = 1; i <= deliveries; i++) {
          next += intervalNanos;
          // Each pull request changed just now, as a forge reports it (the webhook orders events by that time).
          var delivery = Deliveries.pullRequest(GitProvider.github, secret, "opened", i, "aaaaaaa1",
              java.time.Instant.now().toString(), false, false);
          long start = System.nanoTime();
          int status = post(http, url, delivery);
          micros.add((System.nanoTime() - start) / 1000);
          if (status != 200) {
            throw new IllegalStateException("delivery " + i + " answered " + status);
          }
          long wait = next - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
        }
        long wall = (System.nanoTime() - wallStart) / 1_000_000;
        Collections.sort(micros);
        System.out.printf("webhook -> Environment written, %d deliveries (%s) in %d ms: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
            deliveries, rate <= 0 ? "back to back" : rate + "/s", wall, micros.get(micros.size() / 2) / 1000.0, micros.get((int) (micros.size() * 0.99)) / 1000.0,
            micros.get(micros.size() - 1) / 1000.0);
      } finally {
        // While the operator runs: the Organization's finalizer and its environments' need it.
        admin.resources(Organization.class).withName(org).delete();
        Poll.until(Duration.ofMinutes(10), "bench organization removed", () -> admin.namespaces().withName(home).get() == null);
      }
    }
    System.exit(0); // okhttp's pools would keep exec:java waiting
  }

  static int post(OkHttpClient http, String url, Deliveries.Delivery delivery) {
    Request.Builder request = new Request.Builder().url(url)
        .post(RequestBody.create(delivery.body(), MediaType.parse("application/json")));
    delivery.headers().forEach(request::header);
    try (Response response = http.newCall(request.build()).execute()) {
      return response.code();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
