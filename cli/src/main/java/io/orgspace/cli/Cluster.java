package io.orgspace.cli;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Option;

/**
 * The API server as the caller sees it: who they are, which organizations they may read, and
 * Orgspace's objects read generically (the plugin does not depend on the operator's classes).
 */
final class Cluster implements AutoCloseable {
  static final String GROUP = "orgspace.io";
  static final String VERSION = "v1alpha1";
  static final ResourceDefinitionContext ORGANIZATIONS = context("Organization", "organizations", false);
  static final ResourceDefinitionContext ENVIRONMENTS = context("Environment", "environments", true);

  /** The {@code --context} option shared by every command that talks to the API server. */
  static final class Options {
    @Option(names = "--context", description = "kubeconfig context to use (default: the current context)")
    String context;
  }

  private final KubernetesClient client;
  private final String contextNamespace;

  private Cluster(KubernetesClient client, String contextNamespace) {
    this.client = client;
    this.contextNamespace = contextNamespace;
  }

  static Cluster connect(Options options) {
    Config config = Config.autoConfigure(options == null ? null : options.context);
    config.setRequestTimeout(30_000);
    if (config.getMasterUrl() == null || config.getMasterUrl().isBlank()) {
      throw new CliException(CliException.NOT_LOGGED_IN, "no kubeconfig: set KUBECONFIG or write ~/.kube/config");
    }
    return new Cluster(new KubernetesClientBuilder().withConfig(config).build(), config.getNamespace());
  }

  KubernetesClient client() {
    return client;
  }

  String contextNamespace() {
    return contextNamespace;
  }

  /** The caller as the API server authenticates them (SelfSubjectReview). */
  UserInfo whoami() {
    SelfSubjectReview review = call(() -> client.resource(new SelfSubjectReview()).create());
    return review.getStatus().getUserInfo();
  }

  /**
   * The organizations the caller may read, found from the caller's own RBAC rules.
   *
   * <p>The operator grants every holder of a role {@code get} on exactly their organization's
   * object by name, through a ClusterRoleBinding; a SelfSubjectRulesReview returns the caller's
   * cluster-wide rules in any namespace, so its {@code resourceNames} are the caller's
   * organizations and nothing else. A rule without names (platform admins) lets them list all.
   */
  Set<String> myOrganizationNames() {
    SelfSubjectRulesReview review = call(() -> client.resource(new SelfSubjectRulesReviewBuilder()
        .withNewSpec().withNamespace("default").endSpec().build()).create());
    if (Boolean.TRUE.equals(review.getStatus().getIncomplete())) {
      // An authorizer other than RBAC (a webhook) cannot enumerate its rules: say the list may be short.
      System.err.println("warning: the API server's list of your permissions is incomplete ("
          + review.getStatus().getEvaluationError() + "): organizations granted by other authorizers are not shown");
    }
    Set<String> names = new TreeSet<>();
    boolean all = false;
    for (ResourceRule rule : review.getStatus().getResourceRules()) {
      if (matches(rule.getApiGroups(), GROUP) && matches(rule.getResources(), "organizations")
          && matches(rule.getVerbs(), "get")) {
        if (rule.getResourceNames() == null || rule.getResourceNames().isEmpty()) {
          all = true;
        } else {
          names.addAll(rule.getResourceNames());
        }
      }
    }
    if (all) {
      call(() -> client.genericKubernetesResources(ORGANIZATIONS).list()).getItems()
          .forEach(org -> names.add(org.getMetadata().getName()));
    }
    return names;
  }

  /** The caller's organizations, read; one that vanished between the review and the read is skipped. */
  List<GenericKubernetesResource> myOrganizations() {
    List<GenericKubernetesResource> organizations = new ArrayList<>();
    for (String name : myOrganizationNames()) {
      GenericKubernetesResource organization = call(() -> client.genericKubernetesResources(ORGANIZATIONS).withName(name).get());
      if (organization != null) {
        organizations.add(organization);
      }
    }
    return organizations;
  }

  /**
   * One of the caller's organizations by name. An organization the caller does not belong to and
   * one that does not exist give the same answer, so the error reveals no other names.
   */
  GenericKubernetesResource organization(String name) {
    if (!myOrganizationNames().contains(name)) {
      throw CliException.notFound("no organization " + name + " that you belong to");
    }
    GenericKubernetesResource organization = call(() -> client.genericKubernetesResources(ORGANIZATIONS).withName(name).get());
    if (organization == null) {
      throw CliException.notFound("no organization " + name + " that you belong to");
    }
    return organization;
  }

  /** The organization whose home namespace is the kubeconfig context's namespace, or the named one. */
  GenericKubernetesResource currentOrganization(String explicit) {
    if (explicit != null) {
      return organization(explicit);
    }
    for (GenericKubernetesResource organization : myOrganizations()) {
      if (Objects.equals(homeNamespace(organization), contextNamespace)) {
        return organization;
      }
    }
    throw CliException.notFound("the current namespace " + contextNamespace
        + " is not the home of any of your organizations: run `kubectl orgspace org use NAME` or pass --org");
  }

  /** Secret names the caller may {@code get} by name in a namespace (their own RBAC rules). */
  Set<String> readableSecretNames(String namespace) {
    SelfSubjectRulesReview review = call(() -> client.resource(new SelfSubjectRulesReviewBuilder()
        .withNewSpec().withNamespace(namespace).endSpec().build()).create());
    Set<String> names = new TreeSet<>();
    for (ResourceRule rule : review.getStatus().getResourceRules()) {
      if (matches(rule.getApiGroups(), "") && matches(rule.getResources(), "secrets") && matches(rule.getVerbs(), "get")
          && rule.getResourceNames() != null) {
        names.addAll(rule.getResourceNames());
      }
    }
    return names;
  }

  static String homeNamespace(GenericKubernetesResource organization) {
    Object namespace = Fields.at(organization.getAdditionalProperties(), "status", "namespace");
    return namespace == null ? null : namespace.toString();
  }

  static <T> T call(java.util.function.Supplier<T> request) {
    try {
      return request.get();
    } catch (KubernetesClientException e) {
      throw CliException.from(e);
    }
  }

  private static boolean matches(List<String> values, String wanted) {
    return values != null && (values.contains(wanted) || values.contains("*"));
  }

  private static ResourceDefinitionContext context(String kind, String plural, boolean namespaced) {
    return new ResourceDefinitionContext.Builder().withGroup(GROUP).withVersion(VERSION).withKind(kind)
        .withPlural(plural).withNamespaced(namespaced).build();
  }

  @Override
  public void close() {
    client.close();
  }

  /** Reads nested fields of a generic object's map. */
  static final class Fields {
    private Fields() {}

    static Object at(Map<String, Object> root, String... path) {
      Object current = root;
      for (String key : path) {
        if (!(current instanceof Map<?, ?> map)) {
          return null;
        }
        current = map.get(key);
      }
      return current;
    }

    static String text(Map<String, Object> root, String... path) {
      Object value = at(root, path);
      return value == null ? null : value.toString();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Map<String, Object> root, String... path) {
      Object value = at(root, path);
      return value instanceof List<?> list ? (List<Object>) list : List.of();
    }
  }
}
