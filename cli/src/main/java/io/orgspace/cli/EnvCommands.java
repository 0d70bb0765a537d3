package io.orgspace.cli;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code envs}, {@code open ENV}, {@code credentials ENV}: the current organization's environments. */
final class EnvCommands {
  private EnvCommands() {}

  /** {@code --org}: an organization other than the current one. */
  static final class OrgOption {
    @Option(names = "--org", description = "organization (default: the one of the current namespace)")
    String org;
  }

  static GenericKubernetesResource environment(Cluster connection, String org, String name) {
    String home = Cluster.homeNamespace(connection.currentOrganization(org));
    GenericKubernetesResource environment = Cluster.call(() -> connection.client()
        .genericKubernetesResources(Cluster.ENVIRONMENTS).inNamespace(home).withName(name).get());
    if (environment == null) {
      throw CliException.notFound("no environment " + name + " in namespace " + home);
    }
    return environment;
  }

  static Map<String, Object> row(GenericKubernetesResource environment, Instant now) {
    Map<String, Object> object = environment.getAdditionalProperties();
    return Output.row(
        "name", environment.getMetadata().getName(),
        "project", Cluster.Fields.text(object, "spec", "project"),
        "pullRequest", Cluster.Fields.at(object, "spec", "pullRequest", "number"),
        "url", Cluster.Fields.text(object, "status", "url"),
        "state", state(object),
        "age", age(environment.getMetadata().getCreationTimestamp(), now),
        "expiresAt", Cluster.Fields.text(object, "status", "expiresAt"));
  }

  /** The Ready condition: Ready, or its reason when not ready. */
  static String state(Map<String, Object> environment) {
    for (Object condition : Cluster.Fields.list(environment, "status", "conditions")) {
      if (condition instanceof Map<?, ?> map && "Ready".equals(map.get("type"))) {
        return "True".equals(map.get("status")) ? "Ready" : String.valueOf(map.get("reason"));
      }
    }
    return "Pending";
  }

  static String age(String timestamp, Instant now) {
    if (timestamp == null) {
      return null;
    }
    Duration age = Duration.between(Instant.parse(timestamp), now);
    if (age.toDays() > 0) {
      return age.toDays() + "d";
    }
    if (age.toHours() > 0) {
      return age.toHours() + "h";
    }
    return age.toMinutes() > 0 ? age.toMinutes() + "m" : Math.max(0, age.toSeconds()) + "s";
  }

  @Command(name = "envs", description = "Environments (previews) of the current organization: pull request, URL, state, age, expiry.")
  static final class Envs implements Callable<Integer> {
    @Mixin Output output;
    @Mixin Cluster.Options cluster;
    @Mixin OrgOption org;
    @Option(names = {"-p", "--project"}, description = "only this project's environments") String project;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      try (Cluster connection = Cluster.connect(cluster)) {
        String home = Cluster.homeNamespace(connection.currentOrganization(org.org));
        List<GenericKubernetesResource> items = Cluster.call(() -> connection.client()
            .genericKubernetesResources(Cluster.ENVIRONMENTS).inNamespace(home).list()).getItems();
        Instant now = Instant.now();
        List<Map<String, Object>> rows = new ArrayList<>();
        items.stream().sorted(Comparator.comparing(e -> e.getMetadata().getName())).forEach(environment -> {
          Map<String, Object> row = row(environment, now);
          if (project == null || project.equals(row.get("project"))) {
            rows.add(row);
          }
        });
        output.rows(spec.commandLine().getOut(), rows, "name", "project", "pullRequest", "url", "state", "age", "expiresAt");
        return 0;
      }
    }
  }

  @Command(name = "open", description = "Print an environment's URL, or open it in the browser with --browser.")
  static final class Open implements Callable<Integer> {
    @Mixin Cluster.Options cluster;
    @Mixin OrgOption org;
    @Parameters(paramLabel = "ENV") String name;
    @Option(names = "--browser", description = "open the URL in the browser") boolean browser;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      try (Cluster connection = Cluster.connect(cluster)) {
        String url = Cluster.Fields.text(environment(connection, org.org, name).getAdditionalProperties(), "status", "url");
        if (url == null) {
          throw CliException.notFound("environment " + name + " has no URL yet");
        }
        spec.commandLine().getOut().println(url);
        if (browser) {
          Browser.open(url, spec.commandLine().getErr());
        }
        return 0;
      }
    }
  }

  @Command(name = "credentials", description = "The basic-auth user name and password of an environment (if you may read them).")
  static final class Credentials implements Callable<Integer> {
    @Mixin Output output;
    @Mixin Cluster.Options cluster;
    @Mixin OrgOption org;
    @Parameters(paramLabel = "ENV") String name;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      try (Cluster connection = Cluster.connect(cluster)) {
        GenericKubernetesResource environment = environment(connection, org.org, name);
        Map<String, Object> object = environment.getAdditionalProperties();
        String secretName = Cluster.Fields.text(object, "spec", "basicAuth", "secretName");
        String secret = secretName != null ? secretName : name + "-basic-auth";
        Secret credentials = Cluster.call(() -> connection.client().secrets()
            .inNamespace(environment.getMetadata().getNamespace()).withName(secret).get());
        if (credentials == null || credentials.getData() == null) {
          throw CliException.notFound("environment " + name + " has no basic-auth credentials");
        }
        output.object(spec.commandLine().getOut(), Output.row(
            "url", Cluster.Fields.text(object, "status", "url"),
            "username", decode(credentials.getData().get("username")),
            "password", decode(credentials.getData().get("password"))));
        return 0;
      }
    }

    private static String decode(String value) {
      return value == null ? null : new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
    }
  }
}
