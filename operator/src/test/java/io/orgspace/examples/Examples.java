package io.orgspace.examples;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The manifests of examples/, file by file, in the order `kubectl apply -f examples/` uses. */
final class Examples {
  private Examples() {}

  static List<Path> files(Path root) throws IOException {
    try (Stream<Path> list = Files.list(root.resolve("examples"))) {
      return list.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  static List<HasMetadata> load(KubernetesClient client, Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return new ArrayList<>(client.load(in).items());
    }
  }
}
