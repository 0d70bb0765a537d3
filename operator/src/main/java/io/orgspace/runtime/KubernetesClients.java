package io.orgspace.runtime;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.okhttp.OkHttpClientFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import javax.net.SocketFactory;
import okhttp3.OkHttpClient;

/** The operator's Kubernetes client: fabric8 on okhttp, with Nagle's algorithm off and requests counted. */
public final class KubernetesClients {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("io.orgspace.writes");
  /** ORGSPACE_LOG_WRITES=true logs every write request's method and path (to find what a resync writes). */
  private static final boolean LOG_WRITES = Boolean.parseBoolean(System.getenv("ORGSPACE_LOG_WRITES"));

  private KubernetesClients() {}

  public static KubernetesClient create() {
    return new KubernetesClientBuilder().withHttpClientFactory(new NoDelayOkHttpClientFactory()).build();
  }

  /**
   * A request written as headers then body would otherwise wait for the API server's delayed ACK
   * (about 40 ms) before its body leaves; every write (apply, status patch, event) paid it.
   */
  static final class NoDelayOkHttpClientFactory extends OkHttpClientFactory {
    @Override
    protected void additionalConfig(OkHttpClient.Builder builder) {
      builder.socketFactory(new NoDelaySocketFactory());
      // Every request to the API server, by method: writes at rest are the idle cost to watch.
      builder.addInterceptor(chain -> {
        String method = chain.request().method();
        OrgspaceMetrics.apiRequest(method, resourceOf(chain.request().url().encodedPath()));
        if (LOG_WRITES && !"GET".equals(method)) {
          log.info("{} {}", method, chain.request().url().encodedPath()); // the path only: no body, no secret
        }
        return chain.proceed(chain.request());
      });
    }
  }

  /**
   * The resource an API path names: {@code /api/v1/namespaces/x/secrets/y} and
   * {@code /apis/orgspace.io/v1alpha1/projects} give {@code secrets} and {@code projects};
   * discovery and anything else, {@code other}.
   */
  static String resourceOf(String path) {
    List<String> segments = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    int start = segments.isEmpty() ? -1 : segments.get(0).equals("api") ? 2 : segments.get(0).equals("apis") ? 3 : -1;
    if (start < 0 || segments.size() <= start) {
      return "other";
    }
    List<String> rest = segments.subList(start, segments.size());
    return rest.get(0).equals("namespaces") && rest.size() >= 3 ? rest.get(2) : rest.get(0);
  }

  static final class NoDelaySocketFactory extends SocketFactory {
    private final SocketFactory delegate = SocketFactory.getDefault();

    private static Socket noDelay(Socket socket) throws IOException {
      socket.setTcpNoDelay(true);
      return socket;
    }

    @Override
    public Socket createSocket() throws IOException {
      return noDelay(delegate.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return noDelay(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
      return noDelay(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return noDelay(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
      return noDelay(delegate.createSocket(address, port, localAddress, localPort));
    }
  }
}
