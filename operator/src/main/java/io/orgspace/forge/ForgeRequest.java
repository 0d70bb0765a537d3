package io.orgspace.forge;

import java.net.URI;
import java.util.Map;

/**
 * One call to a forge's API, without its credentials: the token is added only when it is sent
 * ({@link ForgeApi#authorization}), so a request can be logged, compared and asserted on freely.
 *
 * @param body JSON, or null
 */
public record ForgeRequest(String method, URI uri, Map<String, String> headers, String body) {
  @Override
  public String toString() {
    return method + " " + uri.getRawPath();
  }
}
