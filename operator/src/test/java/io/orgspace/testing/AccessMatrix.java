package io.orgspace.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.orgspace.api.ApiKey;
import io.orgspace.api.Environment;
import io.orgspace.api.GitProvider;
import io.orgspace.api.Labels;
import io.orgspace.api.Organization;
import io.orgspace.api.Project;
import io.orgspace.api.Role;
import io.orgspace.api.TenantNamespaces;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The permission matrix of the product (role x action) as rows a test walks with one client per
 * role, and the objects its actions touch in an organization: written from the product's matrix,
 * not read from the code that enforces it. Shared by the tests that reach a role in different
 * ways (named users, SSO groups by impersonation, tokens of a real identity provider).
 */
public final class AccessMatrix {
  private static final AtomicInteger COUNTER = new AtomicInteger();

  public enum Who { Owner, Developer, Support, Manager, NonMember }

  public static final Set<Who> MEMBERS = EnumSet.of(Who.Owner, Who.Developer, Who.Support, Who.Manager);

  private AccessMatrix() {}

  /** A namespace an admin adds to the organization: its labels, with the Organization's UID. */
  public static void createServersNamespace(KubernetesClient admin, String servers, Organization organization) {
    admin.resource(new NamespaceBuilder().withNewMetadata().withName(servers)
        .withLabels(TenantNamespaces.labels(organization)).endMetadata().build()).create();
  }

  /**
   * The objects the rows act on, made by the admin: project "shop", environment "base" and secret
   * "token" in the home namespace; pod, service and deployment "web" in the servers namespace.
   */
  public static void createFixtures(KubernetesClient admin, String org, String home, String servers) {
    admin.resource(project(home, "shop", org)).create();
    admin.resource(environment(home, "base", "registry.example/shop:1")).create();
    admin.resource(new SecretBuilder().withNewMetadata().withName("token").withNamespace(home).endMetadata()
        .addToStringData("token", "not-a-real-token").build()).create();
    Poll.until(Duration.ofSeconds(60), "default ServiceAccount in " + servers,
        () -> admin.serviceAccounts().inNamespace(servers).withName("default").get() != null);
    admin.resource(new PodBuilder().withNewMetadata().withName("web").withNamespace(servers).endMetadata()
        .withNewSpec().addNewContainer().withName("web").withImage("registry.example/shop:1").endContainer().endSpec()
        .build()).create();
    admin.resource(new ServiceBuilder().withNewMetadata().withName("web").withNamespace(servers).endMetadata()
        .withNewSpec().addNewPort().withPort(80).endPort().endSpec().build()).create();
    admin.resource(new DeploymentBuilder().withNewMetadata().withName("web").withNamespace(servers).endMetadata()
        .withNewSpec().withNewSelector().addToMatchLabels("app", "web").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
        .withNewSpec().addNewContainer().withName("web").withImage("registry.example/shop:1").endContainer().endSpec()
        .endTemplate().endSpec().build()).create();
  }

  public static Project project(String namespace, String name, String org) {
    return TestProject.named(name).in(namespace).repository(GitProvider.github, "https://github.com/" + org + "/shop")
        .previewDomain("shop." + org + ".example").variable("LOG_LEVEL", "info").file("app.yaml", "feature: on").build();
  }

  public static Environment environment(String namespace, String name, String image) {
    return ControlPlane.load(Environment.class, """
        apiVersion: orgspace.io/v1alpha1
        kind: Environment
        metadata: {name: %s, namespace: %s}
        spec: {project: shop, pullRequest: {number: %d}%s}
        """.formatted(name, namespace, COUNTER.incrementAndGet() + 1000, image == null ? "" : ", image: \"" + image + "\""));
  }

  public static String unique(String prefix) {
    return prefix + "-" + COUNTER.incrementAndGet();
  }

  public static void mergePatch(KubernetesClient client, Class<? extends HasMetadata> type, String namespace,
      String name, String json) {
    var resources = client.resources(type);
    (namespace == null ? resources.withName(name) : resources.inNamespace(namespace).withName(name))
        .patch(PatchContext.of(PatchType.JSON_MERGE), json);
  }

  public record Row(String permission, Set<Who> allowed, Requests.Action action) {}

  /** Rows of the matrix for organization {@code org} (home namespace, servers namespace). */
  private static Secret secret(String namespace, String name, Map<String, String> labels) {
    return new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels).endMetadata()
        .addToStringData("value", "not-a-real-secret").build();
  }

  public static List<Row> rows(String org, String home, String servers) {
    List<Row> rows = new ArrayList<>();
    Set<Who> ownerDevSupport = EnumSet.of(Who.Owner, Who.Developer, Who.Support);
    Set<Who> ownerDev = EnumSet.of(Who.Owner, Who.Developer);
    Set<Who> owner = EnumSet.of(Who.Owner);
    rows.add(new Row("view projects", MEMBERS, c -> {
      c.resources(Project.class).inNamespace(home).withName("shop").require();
      c.resources(Project.class).inNamespace(home).list();
    }));
    rows.add(new Row("update project files", ownerDevSupport, c -> mergePatch(c, Project.class, home, "shop",
        "{\"spec\":{\"files\":{\"" + unique("f") + ".txt\":\"x\"}}}")));
    rows.add(new Row("update project variables", ownerDevSupport, c -> mergePatch(c, Project.class, home, "shop",
        "{\"spec\":{\"variables\":{\"" + unique("V").replace('-', '_') + "\":\"1\"}}}")));
    rows.add(new Row("change project repository (owners only)", owner, c -> mergePatch(c, Project.class, home, "shop",
        "{\"spec\":{\"repository\":{\"url\":\"https://github.com/" + org + "/" + unique("shop") + "\"}}}")));
    rows.add(new Row("create projects (owners only)", owner,
        c -> c.resource(project(home, unique("proj"), org)).create()));
    rows.add(new Row("view environments", MEMBERS, c -> {
      c.resources(Environment.class).inNamespace(home).withName("base").require();
      c.resources(Environment.class).inNamespace(home).list();
    }));
    rows.add(new Row("create environments", ownerDevSupport,
        c -> c.resource(environment(home, unique("env"), null)).create()));
    rows.add(new Row("update environments", ownerDev, c -> mergePatch(c, Environment.class, home, "base",
        "{\"spec\":{\"basicAuth\":{\"enabled\":" + (COUNTER.incrementAndGet() % 2 == 0) + "}}}")));
    rows.add(new Row("deploy environments (change the image)", ownerDev, c -> mergePatch(c, Environment.class, home,
        "base", "{\"spec\":{\"image\":\"registry.example/shop:" + COUNTER.incrementAndGet() + "\"}}")));
    rows.add(new Row("deploy environments (create with an image)", ownerDev,
        c -> c.resource(environment(home, unique("env"), "registry.example/shop:2")).create()));
    rows.add(new Row("update environment variables", ownerDev, c -> mergePatch(c, Environment.class, home, "base",
        "{\"spec\":{\"variables\":{\"CART\":\"" + unique("v") + "\"}}}")));
    rows.add(new Row("view servers", MEMBERS, c -> {
      c.pods().inNamespace(servers).withName("web").require();
      c.pods().inNamespace(servers).list();
      c.services().inNamespace(servers).withName("web").require();
      c.apps().deployments().inNamespace(servers).withName("web").require();
    }));
    rows.add(new Row("update server files (pods/exec)", ownerDev, c -> {
      int code = Requests.post(c, "/api/v1/namespaces/" + servers + "/pods/web/exec?command=ls&stdout=true");
      if (code == 403) {
        throw new KubernetesClientException("exec refused", 403, null);
      }
    }));
    rows.add(new Row("reach a server's SSH port (pods/portforward)", ownerDev, c -> {
      int code = Requests.post(c, "/api/v1/namespaces/" + servers + "/pods/web/portforward?ports=22");
      if (code == 403) {
        throw new KubernetesClientException("port-forward refused", 403, null);
      }
    }));
    rows.add(new Row("manage members (owners only)", owner,
        c -> c.resource(TestMembership.of(home, unique("m"), "new-" + COUNTER.incrementAndGet() + "@" + org + ".example",
            Role.Manager)).create()));
    rows.add(new Row("manage API keys (owners only)", owner, c -> c.resource(ControlPlane.load(ApiKey.class, """
        apiVersion: orgspace.io/v1alpha1
        kind: ApiKey
        metadata: {name: %s, namespace: %s}
        spec: {scope: Manager}
        """.formatted(unique("key"), home))).create()));
    rows.add(new Row("read the organization's secrets (owners only)", owner,
        c -> c.secrets().inNamespace(home).withName("token").require()));
    rows.add(new Row("manage the organization's secrets in its home namespace (owners only)", owner,
        c -> c.resource(secret(home, unique("app"), Map.of(Labels.USE_IN_ENVIRONMENTS, "true"))).dryRun().create()));
    rows.add(new Row("write a Secret labelled as Orgspace's (no one)", EnumSet.noneOf(Who.class),
        c -> c.resource(secret(home, unique("fake"), Map.of(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE))).dryRun().create()));
    rows.add(new Row("write a Secret named as Orgspace's (no one)", EnumSet.noneOf(Who.class),
        c -> c.resource(secret(home, "orgspace-" + unique("ssh"), Map.of())).dryRun().create()));
    rows.add(new Row("write a Secret outside the home namespace (no one)", EnumSet.noneOf(Who.class),
        c -> c.resource(secret(servers, unique("app"), Map.of())).dryRun().create()));
    rows.add(new Row("create RoleBindings (no one: access goes through Memberships)", EnumSet.noneOf(Who.class),
        c -> c.resource(new RoleBindingBuilder().withNewMetadata().withName(unique("rb")).withNamespace(home)
            .endMetadata().withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole")
            .withName("orgspace-owner").endRoleRef().addNewSubject().withKind("User").withName("mallory@evil.example")
            .withApiGroup("rbac.authorization.k8s.io").endSubject().build()).create()));
    rows.add(new Row("view its organization", MEMBERS, c -> c.resources(Organization.class).withName(org).require()));
    rows.add(new Row("update its organization (owners only)", owner, c -> mergePatch(c, Organization.class, null, org,
        "{\"spec\":{\"displayName\":\"" + unique("name") + "\"}}")));
    rows.add(new Row("edit its SSO mappings (owners only)", owner, c -> mergePatch(c, Organization.class, null, org,
        "{\"spec\":{\"sso\":{\"groupPrefix\":\"oidc:\"}}}")));
    rows.add(new Row("list organizations (no one)", EnumSet.noneOf(Who.class),
        c -> c.resources(Organization.class).list()));
    return rows;
  }

}
