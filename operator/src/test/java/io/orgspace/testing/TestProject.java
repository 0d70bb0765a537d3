package io.orgspace.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.orgspace.api.GitProvider;
import io.orgspace.api.PreviewPolicy;
import io.orgspace.api.Project;
import io.orgspace.api.ProjectSpec;
import io.orgspace.api.Repository;
import io.orgspace.api.Routing;
import io.orgspace.api.SecretKeyRef;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The project of an integration test or benchmark, as the typed {@link Project}:
 *
 * <pre>{@code
 * TestProject.named("shop").in(HOME).repository(GitProvider.github, "https://github.com/acme/shop")
 *     .previewDomain("shop." + DOMAIN).previewImage("registry.example/shop:{{sha}}").create(admin);
 * }</pre>
 *
 * {@code previews} is set only when a preview method is called, as in a manifest that names it.
 */
public final class TestProject {
  private final String name;
  private String namespace;
  private GitProvider provider;
  private String url;
  private SecretKeyRef webhookSecretRef;
  private SecretKeyRef tokenSecretRef;
  private String apiUrl;
  private PreviewPolicy previews;
  private final Map<String, String> variables = new LinkedHashMap<>();
  private final Map<String, String> files = new LinkedHashMap<>();

  private TestProject(String name) {
    this.name = name;
  }

  public static TestProject named(String name) {
    return new TestProject(name);
  }

  /** The namespace: an organization's home. */
  public TestProject in(String namespace) {
    this.namespace = namespace;
    return this;
  }

  public TestProject repository(GitProvider provider, String url) {
    this.provider = provider;
    this.url = url;
    return this;
  }

  /** The Secret key (same namespace) holding the webhook secret or token. */
  public TestProject webhookSecret(String secret, String key) {
    webhookSecretRef = new SecretKeyRef();
    webhookSecretRef.name = secret;
    webhookSecretRef.key = key;
    return this;
  }

  /** Where previews are reported: the forge's API and the Secret key holding its token. */
  public TestProject feedback(String apiUrl, String secret, String key) {
    this.apiUrl = apiUrl;
    tokenSecretRef = new SecretKeyRef();
    tokenSecretRef.name = secret;
    tokenSecretRef.key = key;
    return this;
  }

  /** {@code previews.comment: true}: one pull-request comment, edited in place. */
  public TestProject previewComment() {
    previews().comment = true;
    return this;
  }

  public TestProject previewDomain(String domain) {
    previews().domain = domain;
    return this;
  }

  public TestProject previewImage(String image) {
    previews().image = image;
    return this;
  }

  public TestProject previewPort(int port) {
    previews().port = port;
    return this;
  }

  /** {@code previews.basicAuth: true}. */
  public TestProject previewBasicAuth() {
    previews().basicAuth = true;
    return this;
  }

  /** {@code previews.forks: true}: pull requests from forks get previews too. */
  public TestProject previewForks() {
    previews().forks = true;
    return this;
  }

  public TestProject previewRouting(Routing routing) {
    previews().routing = routing;
    return this;
  }

  public TestProject variable(String name, String value) {
    variables.put(name, value);
    return this;
  }

  public TestProject file(String name, String content) {
    files.put(name, content);
    return this;
  }

  private PreviewPolicy previews() {
    if (previews == null) {
      previews = new PreviewPolicy();
    }
    return previews;
  }

  /** A new typed Project as told so far. */
  public Project build() {
    Project project = new Project();
    project.getMetadata().setName(name);
    project.getMetadata().setNamespace(namespace);
    ProjectSpec spec = new ProjectSpec();
    spec.repository = new Repository();
    spec.repository.provider = provider;
    spec.repository.url = url;
    spec.repository.webhookSecretRef = webhookSecretRef;
    spec.repository.tokenSecretRef = tokenSecretRef;
    spec.repository.apiUrl = apiUrl;
    spec.previews = previews;
    spec.variables = variables.isEmpty() ? null : new LinkedHashMap<>(variables);
    spec.files = files.isEmpty() ? null : new LinkedHashMap<>(files);
    project.setSpec(spec);
    return project;
  }

  public Project create(KubernetesClient client) {
    return client.resource(build()).create();
  }
}
