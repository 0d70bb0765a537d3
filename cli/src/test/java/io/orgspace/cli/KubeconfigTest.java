package io.orgspace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** KUBECONFIG with several files: each change lands where kubectl would put it. */
class KubeconfigTest {
  @TempDir Path dir;

  @Test
  void changesLandInTheFileDefiningTheEntryAndNewEntriesInTheFirst() throws Exception {
    Path first = Files.writeString(dir.resolve("first"), """
        apiVersion: v1
        kind: Config
        contexts:
        - name: acme
          context: {cluster: acme, user: admin}
        """);
    Path second = Files.writeString(dir.resolve("second"), """
        apiVersion: v1
        kind: Config
        current-context: beta
        contexts:
        - name: beta
          context: {cluster: beta, user: admin}
        users:
        - name: orgspace
          user: {token: old}
        """);

    Kubeconfig kubeconfig = Kubeconfig.load(List.of(first, second));
    assertEquals("beta", kubeconfig.currentContext());
    kubeconfig.setNamespace(null, "org-beta");
    kubeconfig.save();
    assertTrue(Files.readString(second).contains("namespace: org-beta"), Files.readString(second));
    assertTrue(!Files.readString(first).contains("org-beta"));

    kubeconfig = Kubeconfig.load(List.of(first, second));
    kubeconfig.putExecUser("orgspace", List.of("--issuer", "https://id.example"));
    kubeconfig.putExecUser("orgspace-second", List.of("--issuer", "https://id.example"));
    kubeconfig.useUser("acme", "orgspace", null);
    kubeconfig.save();
    assertEquals(second, kubeconfig.fileOfUser("orgspace"), "an existing user is replaced where it is");
    assertTrue(!Files.readString(second).contains("token: old"), Files.readString(second));
    assertEquals(first, kubeconfig.fileOfUser("orgspace-second"), "a new user goes to the first file");
    assertTrue(Files.readString(first).contains("user: orgspace"), Files.readString(first));
  }
}
