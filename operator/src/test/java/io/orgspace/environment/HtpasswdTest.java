package io.orgspace.environment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HtpasswdTest {
  @Test
  void generatedPasswordsAreLongAndDifferent() {
    String a = Htpasswd.generatePassword();
    assertEquals(24, a.length());
    assertNotEquals(a, Htpasswd.generatePassword());
  }

  @Test
  void aLineVerifiesItsOwnCredentialsOnly() {
    String line = Htpasswd.line("preview", "s3cret-Passw0rd", false);

    assertTrue(line.startsWith("preview:$2y$10$"));
    assertTrue(Htpasswd.matches(line, "preview", "s3cret-Passw0rd"));
    assertFalse(Htpasswd.matches(line, "preview", "other"));
    assertFalse(Htpasswd.matches(line, "someone", "s3cret-Passw0rd"));
    assertFalse(Htpasswd.matches("garbage", "preview", "s3cret-Passw0rd"));
    assertFalse(Htpasswd.matches(null, "preview", "s3cret-Passw0rd"));
  }
}
