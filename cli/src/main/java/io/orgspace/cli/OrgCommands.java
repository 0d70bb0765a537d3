package io.orgspace.cli;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code orgs}, {@code org current}, {@code org use NAME}. */
final class OrgCommands {
  private OrgCommands() {}

  static List<Map<String, Object>> rows(Cluster connection, List<GenericKubernetesResource> organizations) {
    UserInfo me = connection.whoami();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (GenericKubernetesResource organization : organizations) {
      String home = Cluster.homeNamespace(organization);
      rows.add(Output.row(
          "current", Objects.equals(home, connection.contextNamespace()) && home != null ? "*" : "",
          "name", organization.getMetadata().getName(),
          "displayName", Cluster.Fields.text(organization.getAdditionalProperties(), "spec", "displayName"),
          "roles", Access.grants(organization, me).stream().map(Access.Grant::role).distinct().toList(),
          "home", home));
    }
    return rows;
  }

  @Command(name = "orgs", description = "The organizations you belong to (and only those).")
  static final class Orgs implements Callable<Integer> {
    @Mixin Output output;
    @Mixin Cluster.Options cluster;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      try (Cluster connection = Cluster.connect(cluster)) {
        output.rows(spec.commandLine().getOut(), rows(connection, connection.myOrganizations()),
            "current", "name", "displayName", "roles", "home");
        return 0;
      }
    }
  }

  @Command(name = "org", description = "Show or switch the current organization.",
      subcommands = {Current.class, Use.class})
  static final class Org implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      spec.commandLine().usage(spec.commandLine().getErr());
      return 2;
    }
  }

  @Command(name = "current", description = "The organization whose home namespace is the current context's namespace.")
  static final class Current implements Callable<Integer> {
    @Mixin Output output;
    @Mixin Cluster.Options cluster;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      try (Cluster connection = Cluster.connect(cluster)) {
        GenericKubernetesResource organization = connection.currentOrganization(null);
        output.rows(spec.commandLine().getOut(), rows(connection, List.of(organization)),
            "name", "displayName", "roles", "home");
        return 0;
      }
    }
  }

  @Command(name = "use", description = "Switch the kubeconfig context's namespace to the organization's home namespace.")
  static final class Use implements Callable<Integer> {
    @Mixin Cluster.Options cluster;
    @Parameters(paramLabel = "NAME", description = "an organization you belong to") String name;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      String home;
      try (Cluster connection = Cluster.connect(cluster)) {
        home = Cluster.homeNamespace(connection.organization(name));
      }
      if (home == null) {
        throw CliException.notFound("organization " + name + " has no home namespace yet");
      }
      Kubeconfig kubeconfig = Kubeconfig.load();
      kubeconfig.setNamespace(cluster.context, home);
      kubeconfig.save();
      String context = cluster.context != null ? cluster.context : kubeconfig.currentContext();
      spec.commandLine().getOut().println("Context " + context + " now uses namespace " + home + " (organization " + name + ").");
      return 0;
    }
  }
}
