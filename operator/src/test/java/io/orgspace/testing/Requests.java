package io.orgspace.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/** Requests whose outcome is only "did the API server authorize this identity". */
public final class Requests {
  private Requests() {}

  /** An action as some identity; returns normally when the API server let it through. */
  @FunctionalInterface
  public interface Action {
    void run(KubernetesClient client) throws Exception;
  }

  /**
   * True when the request was authorized and admitted; false on 403 (RBAC or an admission
   * policy's denial). Any other failure (a 404 for an exec into a pod no kubelet runs, say) still
   * means the request got past authorization.
   */
  public static boolean allowed(KubernetesClient client, Action action) {
    try {
      action.run(client);
      return true;
    } catch (Exception e) {
      KubernetesClientException k = apiError(e);
      if (k == null || k.getCode() == 0) {
        throw new IllegalStateException("request failed before reaching the API server", e);
      }
      return k.getCode() != 403;
    }
  }

  /** The API server's answer inside an exception (fabric8 wraps some, e.g. require()'s). */
  private static KubernetesClientException apiError(Throwable e) {
    KubernetesClientException found = null;
    for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
      if (t instanceof KubernetesClientException k && k.getCode() != 0) {
        return k;
      }
      if (t instanceof KubernetesClientException k && found == null) {
        found = k;
      }
    }
    return found;
  }

  /** A raw POST (e.g. pods/exec without an upgrade); returns the HTTP status, 403 when refused. */
  public static int post(KubernetesClient client, String path) throws Exception {
    URI uri = URI.create(client.getMasterUrl().toString().replaceAll("/$", "") + path);
    HttpRequest request = client.getHttpClient().newHttpRequestBuilder().uri(uri)
        .post("application/json", "").build();
    HttpResponse<String> response = client.getHttpClient().sendAsync(request, String.class).get(30, TimeUnit.SECONDS);
    return response.code();
  }
}
