package io.orgspace.cli;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "whoami", description = "Who the API server says you are, and your role in each of your organizations and through what.")
final class WhoamiCommand implements Callable<Integer> {
  @Mixin Output output;
  @Mixin Cluster.Options cluster;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    try (Cluster connection = Cluster.connect(cluster)) {
      UserInfo me = connection.whoami();
      List<Map<String, Object>> organizations = new ArrayList<>();
      for (GenericKubernetesResource organization : connection.myOrganizations()) {
        for (Access.Grant grant : Access.grants(organization, me)) {
          organizations.add(Output.row("organization", organization.getMetadata().getName(),
              "role", grant.role(), "through", grant.through()));
        }
      }
      Map<String, Object> result = Output.row("user", me.getUsername(),
          "groups", me.getGroups() == null ? List.of() : me.getGroups(), "organizations", organizations);
      if (output.format == Output.Format.table) {
        var out = spec.commandLine().getOut();
        out.println("User:   " + me.getUsername());
        out.println("Groups: " + Output.text(result.get("groups")));
        out.println();
        output.rows(out, organizations, "organization", "role", "through");
      } else {
        output.object(spec.commandLine().getOut(), result);
      }
      return 0;
    }
  }
}
