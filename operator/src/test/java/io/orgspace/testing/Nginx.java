package io.orgspace.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real nginx (Debian package) on loopback, protecting a static page with an htpasswd file. */
public final class Nginx implements AutoCloseable {
  private final Process process;
  private final int port;

  private Nginx(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  public static Nginx withBasicAuth(String htpasswd) throws IOException {
    Path dir = Files.createTempDirectory("orgspace-nginx");
    Files.createDirectories(dir.resolve("www"));
    Files.writeString(dir.resolve("www/index.html"), "preview\n");
    Files.writeString(dir.resolve("htpasswd"), htpasswd);
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String d = dir.toString();
    Files.writeString(dir.resolve("nginx.conf"), """
        daemon off;
        master_process off;
        error_log %1$s/error.log;
        pid %1$s/nginx.pid;
        events {}
        http {
          access_log off;
          client_body_temp_path %1$s/body; proxy_temp_path %1$s/proxy; fastcgi_temp_path %1$s/fastcgi;
          uwsgi_temp_path %1$s/uwsgi; scgi_temp_path %1$s/scgi;
          server {
            listen 127.0.0.1:%2$d;
            location / { auth_basic "Preview"; auth_basic_user_file %1$s/htpasswd; root %1$s/www; }
          }
        }
        """.formatted(d, port));
    Process process = new ProcessBuilder(List.of(binary(), "-e", d + "/error.log", "-p", d, "-c", d + "/nginx.conf"))
        .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
    Nginx nginx = new Nginx(process, port);
    Poll.until(Duration.ofSeconds(10), "nginx listening on " + port, nginx::listening);
    return nginx;
  }

  private static String binary() {
    for (String candidate : List.of("/usr/sbin/nginx", "/usr/bin/nginx")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    throw new IllegalStateException("nginx is not installed (apt-get install nginx-light); .ci/run installs it");
  }

  private boolean listening() {
    if (!process.isAlive()) {
      throw new IllegalStateException("nginx exited with " + process.exitValue());
    }
    try (Socket socket = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public String url() {
    return "http://127.0.0.1:" + port + "/";
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
