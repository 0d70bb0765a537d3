package io.orgspace.runtime;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.okhttp.OkHttpClientFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;
import okhttp3.OkHttpClient;

/** The operator's Kubernetes client: fabric8 on okhttp, with Nagle's algorithm off. */
public final class KubernetesClients {
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
    }
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
