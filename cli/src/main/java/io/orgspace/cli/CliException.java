package io.orgspace.cli;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A failure the user should read, with the documented exit code it maps to. */
final class CliException extends RuntimeException {
  static final int UNEXPECTED = 1;
  static final int NOT_LOGGED_IN = 3;
  static final int NO_ACCESS = 4;
  static final int NOT_FOUND = 5;
  static final int UNREACHABLE = 6;

  private final int exitCode;

  CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }

  static CliException notFound(String message) {
    return new CliException(NOT_FOUND, message);
  }

  static CliException from(Throwable exception) {
    if (exception instanceof CliException cli) {
      return cli;
    }
    for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
      if (cause instanceof CliException cli) {
        return cli;
      }
      if (cause instanceof KubernetesClientException kube && kube.getCode() > 0) {
        return fromStatus(kube.getCode(), kube.getStatus() == null ? null : kube.getStatus().getMessage());
      }
      if (cause instanceof IOException || cause instanceof UncheckedIOException) {
        return new CliException(UNREACHABLE, "cannot reach the server: " + cause.getMessage());
      }
    }
    return new CliException(UNEXPECTED, String.valueOf(exception.getMessage()));
  }

  static CliException fromStatus(int code, String message) {
    return switch (code) {
      case 401 -> new CliException(NOT_LOGGED_IN,
          "not logged in, or your credentials expired: run `kubectl orgspace login` (the API server answered 401)");
      case 403 -> new CliException(NO_ACCESS, "no access: " + (message == null ? "forbidden" : message));
      case 404 -> new CliException(NOT_FOUND, "not found: " + (message == null ? "" : message));
      default -> new CliException(UNREACHABLE, "the API server answered " + code + (message == null ? "" : ": " + message));
    };
  }
}
