package io.orgspace.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The user's kubeconfig, edited the way {@code kubectl config} does when {@code KUBECONFIG} lists
 * several files: an entry is changed in the first file that defines it, a new entry goes to the
 * first file, the current context is the first one set; only the files changed are written.
 * Without {@code KUBECONFIG}, {@code ~/.kube/config}. Only the entries the plugin owns change.
 */
final class Kubeconfig {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

  private record ConfigFile(Path path, Map<String, Object> content) {}

  private final List<ConfigFile> files;
  private final Set<ConfigFile> changed = new LinkedHashSet<>();

  private Kubeconfig(List<ConfigFile> files) {
    this.files = files;
  }

  static List<Path> files() {
    String paths = System.getenv("KUBECONFIG");
    if (paths != null && !paths.isBlank()) {
      return Arrays.stream(paths.split(File.pathSeparator)).filter(path -> !path.isBlank()).map(Path::of).toList();
    }
    return List.of(Path.of(System.getProperty("user.home"), ".kube", "config"));
  }

  static Kubeconfig load() {
    return load(files());
  }

  @SuppressWarnings("unchecked")
  static Kubeconfig load(List<Path> paths) {
    List<ConfigFile> files = new ArrayList<>();
    for (Path file : paths) {
      try {
        Map<String, Object> content = Files.exists(file) ? YAML.readValue(file.toFile(), LinkedHashMap.class) : null;
        if (content == null) {
          content = new LinkedHashMap<>();
          content.put("apiVersion", "v1");
          content.put("kind", "Config");
        }
        files.add(new ConfigFile(file, content));
      } catch (IOException e) {
        throw new CliException(CliException.UNEXPECTED, "cannot read kubeconfig " + file + ": " + e.getMessage());
      }
    }
    return new Kubeconfig(files);
  }

  String currentContext() {
    for (ConfigFile file : files) {
      Object current = file.content().get("current-context");
      if (current != null && !current.toString().isEmpty()) {
        return current.toString();
      }
    }
    return null;
  }

  /** Sets the namespace of a context (the current one when {@code name} is null). */
  void setNamespace(String name, String namespace) {
    String contextName = name != null ? name : currentContext();
    Map<String, Object> context = named("contexts", contextName, "context");
    if (context == null) {
      throw CliException.notFound("no context " + contextName + " in " + describe());
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
        throw CliException.notFound("no context " + contextName + " in " + describe() + " (give --cluster to create it)");
      }
      context = new LinkedHashMap<>();
      context.put("cluster", cluster);
      put("contexts", contextName, "context", context);
    }
    context.put("user", userName);
  }

  void removeUser(String userName) {
    for (ConfigFile file : files) {
      if (list(file, "users").removeIf(entry -> entry instanceof Map<?, ?> map && userName.equals(map.get("name")))) {
        changed.add(file);
      }
    }
  }

  void save() {
    for (ConfigFile file : changed) {
      try {
        Path parent = file.path().toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, ".kubeconfig", ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        YAML.writeValue(temporary.toFile(), file.content());
        Files.move(temporary, file.path(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write kubeconfig " + file.path(), e);
      }
    }
    changed.clear();
  }

  /** The file that holds a user entry (where a new one would go when none does). */
  Path fileOfUser(String userName) {
    return holder("users", userName).path();
  }

  private String describe() {
    return files.stream().map(file -> file.path().toString()).collect(Collectors.joining(File.pathSeparator));
  }

  /** The first file defining the named entry, else the first file. */
  private ConfigFile holder(String listKey, String name) {
    for (ConfigFile file : files) {
      if (list(file, listKey).stream().anyMatch(entry -> entry instanceof Map<?, ?> map && name != null
          && name.equals(map.get("name")))) {
        return file;
      }
    }
    return files.get(0);
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(ConfigFile file, String key) {
    Object value = file.content().get(key);
    if (!(value instanceof List<?>)) {
      value = new ArrayList<>();
      file.content().put(key, value);
    }
    return (List<Object>) value;
  }

  /** The named entry's field, read for a change: its file is written by {@link #save()}. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> named(String listKey, String name, String field) {
    ConfigFile file = holder(listKey, name);
    for (Object entry : list(file, listKey)) {
      if (entry instanceof Map<?, ?> map && name != null && name.equals(map.get("name"))) {
        Object value = map.get(field);
        if (!(value instanceof Map<?, ?>)) {
          value = new LinkedHashMap<String, Object>();
          ((Map<String, Object>) map).put(field, value);
        }
        changed.add(file);
        return (Map<String, Object>) value;
      }
    }
    return null;
  }

  private void put(String listKey, String name, String field, Map<String, Object> value) {
    ConfigFile file = holder(listKey, name);
    List<Object> entries = list(file, listKey);
    entries.removeIf(entry -> entry instanceof Map<?, ?> map && name.equals(map.get("name")));
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("name", name);
    entry.put(field, value);
    entries.add(entry);
    changed.add(file);
  }
}
