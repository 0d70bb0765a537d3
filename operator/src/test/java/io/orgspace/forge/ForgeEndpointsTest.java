package io.orgspace.forge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Which forge APIs the operator may call: the listed ones, spelled the same, and nothing else. */
class ForgeEndpointsTest {
  private final ForgeEndpoints publicForges = ForgeEndpoints.publicForges();

  @ParameterizedTest
  @ValueSource(strings = {"https://api.github.com", "https://api.github.com/repos/acme/shop/statuses/abc",
      "https://API.GitHub.com./repos/a/b", "https://api.github.com:443/repos/a/b", "https://gitlab.com/api/v4/projects/a%2Fb",
      "https://codeberg.org/api/v1/repos/a/b"})
  void thePublicForgesAreAllowedByDefault(String url) {
    assertEquals(Optional.empty(), publicForges.problem(url));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "http://api.github.com/repos/a/b",                 // plain HTTP to a listed host
      "https://api.github.com.evil.example/repos",       // a suffix of a listed host
      "https://evil.example/api.github.com",             // the listed host in the path
      "https://user:pw@api.github.com/repos",            // user information
      "https://api.github.com@169.254.169.254/latest",   // the host after the @
      "https://api.github.com:8443/repos",               // another port
      "https://gitlab.com/api/v4x/projects",             // a path beside the listed one
      "https://gitlab.com/api/v4/../v3/projects",        // a path climbing out of it
      "https://gitlab.com/other",                        // another path of a listed host
      "https://api.github.com/repos?x=1",                // a query
      "https://169.254.169.254/latest/meta-data",        // a cloud's metadata address
      "https://2852039166/latest",                       // the same, in decimal
      "https://0xa9fea9fe/latest",                       // in hex
      "https://0251.0376.0251.0376/latest",              // in octal
      "https://127.1/api/v1",                            // loopback, short form
      "http://127.0.0.1:3000/api/v1",                    // loopback
      "http://[::1]:3000/api/v1",                        // IPv6 loopback
      "https://[::ffff:169.254.169.254]/latest",         // IPv4-mapped IPv6
      "https://[fd00::1]/api/v1",                        // IPv6 private
      "https://10.0.0.1/api/v4",                         // private
      "https://kubernetes.default.svc/api",              // a cluster service
      "ftp://api.github.com/repos",
      "not a url"})
  void everythingElseIsRefused(String url) {
    assertTrue(publicForges.problem(url).isPresent(), url);
  }

  @Test
  void aSpecialAddressIsNamedInTheRefusal() {
    assertTrue(publicForges.problem("https://0xa9fea9fe/latest").orElseThrow().contains("link-local"));
    assertTrue(publicForges.problem("http://[::ffff:127.0.0.1]/").orElseThrow().contains("loopback"));
    assertTrue(publicForges.problem("https://10.1.2.3/").orElseThrow().contains("private"));
  }

  @Test
  void aLoopbackForgeIsAllowedOnlyWhenListedExactly() {
    ForgeEndpoints test = ForgeEndpoints.fromSetting("http://127.0.0.1:3000/api/v1, https://git.internal.example");
    assertEquals(Optional.empty(), test.problem("http://127.0.0.1:3000/api/v1/repos/a/b/statuses/c"));
    assertEquals(Optional.empty(), test.problem("https://git.internal.example/api/v4/projects"));
    assertTrue(test.problem("http://127.0.0.1:3001/api/v1/repos").isPresent(), "another port");
    assertTrue(test.problem("http://2130706433:3000/api/v1/repos").isPresent(), "another spelling");
    assertTrue(test.problem("http://localhost:3000/api/v1/repos").isPresent(), "another name");
    assertTrue(test.problem("https://api.github.com/repos").isPresent(), "a list replaces the defaults");
  }

  @Test
  void aMalformedSettingStopsTheStart() {
    assertThrows(IllegalArgumentException.class, () -> ForgeEndpoints.fromSetting("https://u:p@git.example"));
    assertThrows(IllegalArgumentException.class, () -> ForgeEndpoints.fromSetting("git.example"));
    assertEquals(ForgeEndpoints.PUBLIC.size(), ForgeEndpoints.fromSetting(" ").allowed().size());
    assertEquals(List.of("https://git.example:443/api"), ForgeEndpoints.fromSetting("https://git.example/api/").allowed());
  }
}
