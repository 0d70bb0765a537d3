package io.orgspace.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The user's kubeconfig file, edited the way {@code kubectl config} does: the first file of
 * {@code KUBECONFIG}, else {@code ~/.kube/config}. Only the entries the plugin owns change.
 */
final class Kubeconfig {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

  private final Path file;
  private final Map<String, Object> content;

  private Kubeconfig(Path file, Map<String, Object> content) {
    this.file = file;
    this.content = content;
  }

  static Path defaultFile() {
    String paths = System.getenv("KUBECONFIG");
    if (paths != null && !paths.isBlank()) {
      return Path.of(paths.split(java.io.File.pathSeparator)[0]);
    }
    return Path.of(System.getProperty("user.home"), ".kube", "config");
  }

  @SuppressWarnings("unchecked")
  static Kubeconfig load() {
    Path file = defaultFile();
    try {
      Map<String, Object> content = Files.exists(file) ? YAML.readValue(file.toFile(), LinkedHashMap.class) : null;
      if (content == null) {
        content = new LinkedHashMap<>();
        content.put("apiVersion", "v1");
        content.put("kind", "Config");
      }
      return new Kubeconfig(file, content);
    } catch (IOException e) {
      throw new CliException(CliException.UNEXPECTED, "cannot read kubeconfig " + file + ": " + e.getMessage());
    }
  }

  String currentContext() {
    Object current = content.get("current-context");
    return current == null ? null : current.toString();
  }

  /** Sets the namespace of a context (the current one when {@code name} is null). */
  void setNamespace(String name, String namespace) {
    String contextName = name != null ? name : currentContext();
    Map<String, Object> context = named("contexts", contextName, "context");
    if (context == null) {
      throw CliException.notFound("no context " + contextName + " in " + file);
    }
    context.put("namespace", namespace);
  }

  /** Writes (or replaces) a user entry that runs {@code kubectl orgspace token ...} as an exec credential plugin. */
  void putExecUser(String userName, List<String> tokenArgs) {
    Map<String, Object> exec = new LinkedHashMap<>();
    exec.put("apiVersion", "client.authentication.k8s.io/v1");
    exec.put("command", "kubectl");
    List<String> args = new ArrayList<>(List.of("orgspace", "token"));
    args.addAll(tokenArgs);
    exec.put("args", args);
    exec.put("interactiveMode", "Never");
    exec.put("provideClusterInfo", false);
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("exec", exec);
    put("users", userName, "user", user);
  }

  /** Points a context (created on the given cluster when missing) at a user. */
  void useUser(String contextName, String userName, String cluster) {
    Map<String, Object> context = named("contexts", contextName, "context");
    if (context == null) {
      if (cluster == null) {
        throw CliException.notFound("no context " + contextName + " in " + file + " (give --cluster to create it)");
      }
      context = new LinkedHashMap<>();
      context.put("cluster", cluster);
      put("contexts", contextName, "context", context);
    }
    context.put("user", userName);
  }

  void removeUser(String userName) {
    list("users").removeIf(entry -> entry instanceof Map<?, ?> map && userName.equals(map.get("name")));
  }

  void save() {
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path temporary = Files.createTempFile(parent, ".kubeconfig", ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      YAML.writeValue(temporary.toFile(), content);
      Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write kubeconfig " + file, e);
    }
  }

  Path file() {
    return file;
  }

  @SuppressWarnings("unchecked")
  private List<Object> list(String key) {
    Object value = content.get(key);
    if (!(value instanceof List<?>)) {
      value = new ArrayList<>();
      content.put(key, value);
    }
    return (List<Object>) value;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> named(String listKey, String name, String field) {
    for (Object entry : list(listKey)) {
      if (entry instanceof Map<?, ?> map && name != null && name.equals(map.get("name"))) {
        Object value = map.get(field);
        if (!(value instanceof Map<?, ?>)) {
          value = new LinkedHashMap<String, Object>();
          ((Map<String, Object>) map).put(field, value);
        }
        return (Map<String, Object>) value;
      }
    }
    return null;
  }

  private void put(String listKey, String name, String field, Map<String, Object> value) {
    List<Object> entries = list(listKey);
    entries.removeIf(entry -> entry instanceof Map<?, ?> map && name.equals(map.get("name")));
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("name", name);
    entry.put(field, value);
    entries.add(entry);
  }
}
