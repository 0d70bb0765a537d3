package io.orgspace.environment;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilterBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.orgspace.api.DefaultsSpec;
import io.orgspace.api.Environment;
import io.orgspace.api.Labels;
import io.orgspace.api.Names;
import io.orgspace.api.Organization;
import io.orgspace.api.TenantNamespaces;
import io.orgspace.api.Routing;
import io.orgspace.runtime.PreviewSettings;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The Kubernetes objects of an environment, as pure functions of its plan. */
public final class EnvironmentObjects {
  public static final String APP = "app";
  public static final String FILES = "app-files";
  public static final String HTPASSWD = "basic-auth";
  public static final String ISOLATION = "orgspace-isolation";
  public static final String QUOTA = "orgspace-quota";
  public static final String LIMITS = "orgspace-limits";
  public static final String FILES_MOUNT = "/etc/orgspace/files";
  static final String FILES_CHECKSUM = "orgspace.io/files-checksum";
  /**
   * On the Deployment: a hash of the pod template Orgspace asked for. The rollout counts only a
   * Deployment that carries the current one, so a cached copy of the previous spec (fully
   * available) never passes for the new one.
   */
  static final String TEMPLATE_HASH = "orgspace.io/template-hash";

  private EnvironmentObjects() {}

  public static Map<String, String> labels(EnvironmentPlan plan) {
    Map<String, String> labels = new LinkedHashMap<>(Labels.forOrganization(plan.organization()));
    labels.put(Labels.PROJECT, plan.project().getMetadata().getName());
    labels.put(Labels.ENVIRONMENT, environmentLabel(plan.environment()));
    return labels;
  }

  /** The environment's name as a label value (at most 63 characters). */
  public static String environmentLabel(Environment environment) {
    return Names.fit(environment.getMetadata().getName(), 63);
  }

  private static ObjectMeta meta(EnvironmentPlan plan, String name) {
    return new ObjectMetaBuilder().withName(name).withNamespace(plan.namespace()).withLabels(labels(plan)).build();
  }

  /** The namespace carries the Organization's UID as well: only then does the organization grant access in it. */
  public static Namespace namespace(EnvironmentPlan plan, Organization organization) {
    Map<String, String> labels = labels(plan);
    labels.putAll(TenantNamespaces.labels(organization));
    return new NamespaceBuilder()
        .withNewMetadata().withName(plan.namespace()).withLabels(labels).endMetadata()
        .build();
  }

  /**
   * Default deny: ingress only from the namespace itself and the ingress controller's; egress only
   * to the namespace itself, DNS, and the IPv4 internet: everything outside the private, link-local
   * and cluster ranges ({@link PreviewSettings#egressExcluded}).
   */
  public static NetworkPolicy networkPolicy(EnvironmentPlan plan, PreviewSettings settings) {
    var sameNamespace = new NetworkPolicyPeerBuilder().withNewPodSelector().endPodSelector().build();
    var ingressController = new NetworkPolicyPeerBuilder().withNewNamespaceSelector()
        .addToMatchLabels("kubernetes.io/metadata.name", settings.ingressNamespace()).endNamespaceSelector().build();
    var dns = new NetworkPolicyPeerBuilder().withNewNamespaceSelector()
        .addToMatchLabels("kubernetes.io/metadata.name", "kube-system").endNamespaceSelector().build();
    var internet = new NetworkPolicyPeerBuilder().withNewIpBlock().withCidr("0.0.0.0/0")
        .withExcept(settings.egressExcluded()).endIpBlock().build();
    return SshSidecar.addTo(new NetworkPolicyBuilder()
        .withMetadata(meta(plan, ISOLATION))
        .withNewSpec()
        .withNewPodSelector().endPodSelector()
        .withPolicyTypes("Ingress", "Egress")
        .addNewIngress().withFrom(sameNamespace, ingressController).endIngress()
        .addNewEgress().withTo(sameNamespace).endEgress()
        .addNewEgress().withTo(dns)
        .addNewPort().withProtocol("UDP").withPort(new IntOrString(53)).endPort()
        .addNewPort().withProtocol("TCP").withPort(new IntOrString(53)).endPort()
        .endEgress()
        .addNewEgress().withTo(internet).endEgress()
        .endSpec()
        .build(), plan);
  }

  public static boolean networkIsolated(Organization organization) {
    return organization.getSpec() == null || organization.getSpec().networkIsolation == null
        || !Boolean.FALSE.equals(organization.getSpec().networkIsolation.enabled);
  }

  /** The quota the project, else the organization, else the operator asks for, capped by the platform's limits. */
  public static ResourceQuota resourceQuota(EnvironmentPlan plan, Organization organization, PreviewSettings settings) {
    Map<String, String> hard = PlatformLimits.of(organization, settings).cap(askedQuota(plan, organization, settings));
    return new ResourceQuotaBuilder()
        .withMetadata(meta(plan, QUOTA))
        .withNewSpec().withHard(quantities(hard)).endSpec()
        .build();
  }

  static Map<String, String> askedQuota(EnvironmentPlan plan, Organization organization, PreviewSettings settings) {
    Map<String, String> hard = new TreeMap<>(settings.defaultQuota());
    DefaultsSpec defaults = organization.getSpec() == null ? null : organization.getSpec().defaults;
    var previews = plan.project().getSpec().previews;
    if (previews != null && previews.quota != null && !previews.quota.isEmpty()) {
      hard = new TreeMap<>(previews.quota);
    } else if (defaults != null && defaults.quota != null && !defaults.quota.isEmpty()) {
      hard = new TreeMap<>(defaults.quota);
    }
    return hard;
  }

  /** Whether the environment's namespace is isolated: unless the organization relaxes it and may. */
  static boolean isolated(Organization organization, PreviewSettings settings) {
    return networkIsolated(organization) || !PlatformLimits.of(organization, settings).allowIsolationRelaxed();
  }

  public static LimitRange limitRange(EnvironmentPlan plan, Organization organization, PreviewSettings settings) {
    DefaultsSpec defaults = organization.getSpec() == null ? null : organization.getSpec().defaults;
    Map<String, String> limits = defaults != null && defaults.containerLimits != null && !defaults.containerLimits.isEmpty()
        ? defaults.containerLimits : settings.defaultContainerLimits();
    Map<String, String> requests = defaults != null && defaults.containerRequests != null
        && !defaults.containerRequests.isEmpty() ? defaults.containerRequests : settings.defaultContainerRequests();
    return new LimitRangeBuilder()
        .withMetadata(meta(plan, LIMITS))
        .withNewSpec().addNewLimit().withType("Container")
        .withDefault(quantities(new TreeMap<>(limits)))
        .withDefaultRequest(quantities(new TreeMap<>(requests)))
        .endLimit().endSpec()
        .build();
  }

  private static Map<String, Quantity> quantities(Map<String, String> values) {
    Map<String, Quantity> quantities = new TreeMap<>();
    values.forEach((k, v) -> quantities.put(k, new Quantity(v)));
    return quantities;
  }

  public static ConfigMap filesConfigMap(EnvironmentPlan plan) {
    return new ConfigMapBuilder().withMetadata(meta(plan, FILES)).withData(new TreeMap<>(plan.files())).build();
  }

  public static Deployment deployment(EnvironmentPlan plan) {
    return deployment(plan, null);
  }

  /** @param secretVariablesChecksum the digest of the copied secret variables; null when none is secret */
  public static Deployment deployment(EnvironmentPlan plan, String secretVariablesChecksum) {
    Map<String, String> selector = Map.of("app.kubernetes.io/name", APP);
    Map<String, String> podLabels = new LinkedHashMap<>(labels(plan));
    podLabels.putAll(selector);
    List<EnvVar> env = SecretVariables.env(plan);
    var builder = new DeploymentBuilder()
        .withMetadata(meta(plan, APP))
        .withNewSpec()
        .withReplicas(plan.replicas())
        .withNewSelector().withMatchLabels(selector).endSelector()
        .withNewTemplate()
        .withNewMetadata().withLabels(podLabels).endMetadata()
        .withNewSpec()
        .withAutomountServiceAccountToken(false)
        .withNewSecurityContext().withRunAsNonRoot(true).withNewSeccompProfile().withType("RuntimeDefault")
        .endSeccompProfile().endSecurityContext()
        .addNewContainer()
        .withName(APP)
        .withImage(plan.image())
        .addNewPort().withName("http").withContainerPort(plan.port()).endPort()
        .withEnv(env)
        .withNewSecurityContext().withAllowPrivilegeEscalation(false).withNewCapabilities().withDrop("ALL")
        .endCapabilities().endSecurityContext()
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec();
    Deployment deployment = builder.build();
    ImagePullSecrets.apply(deployment.getSpec().getTemplate().getSpec(), plan);
    Probes.apply(deployment.getSpec().getTemplate().getSpec().getContainers().get(0), plan);
    if (!plan.files().isEmpty()) {
      var podSpec = deployment.getSpec().getTemplate().getSpec();
      podSpec.getContainers().get(0).getVolumeMounts().add(new io.fabric8.kubernetes.api.model.VolumeMountBuilder()
          .withName("files").withMountPath(FILES_MOUNT).withReadOnly(true).build());
      podSpec.getVolumes().add(new io.fabric8.kubernetes.api.model.VolumeBuilder().withName("files")
          .withNewConfigMap().withName(FILES).endConfigMap().build());
      // A change of the files rolls the pods: their template carries the files' checksum.
      deployment.getSpec().getTemplate().getMetadata().setAnnotations(
          Map.of(FILES_CHECKSUM, Names.hash(plan.files().toString(), 16)));
    }
    SshSidecar.addTo(deployment, plan);
    SecretVariables.annotate(deployment, secretVariablesChecksum);
    // Last: the hash covers every addition above.
    // Mutable: the dependent's machinery adds its own annotations.
    deployment.getMetadata().setAnnotations(new LinkedHashMap<>(Map.of(TEMPLATE_HASH,
        Names.hash(Serialization.asJson(deployment.getSpec()), 16))));
    return deployment;
  }

  public static Service service(EnvironmentPlan plan) {
    return SshSidecar.addTo(new ServiceBuilder()
        .withMetadata(meta(plan, APP))
        .withNewSpec()
        .withSelector(Map.of("app.kubernetes.io/name", APP))
        .addNewPort().withName("http").withPort(80).withTargetPort(new IntOrString("http")).endPort()
        .endSpec()
        .build(), plan);
  }

  public static Ingress ingress(EnvironmentPlan plan, PreviewSettings settings) {
    var previews = plan.project().getSpec().previews;
    Map<String, String> annotations = new TreeMap<>();
    String tlsSecret = null;
    if (previews != null && previews.tls != null) {
      if (previews.tls.clusterIssuer != null) {
        annotations.put("cert-manager.io/cluster-issuer", previews.tls.clusterIssuer);
        tlsSecret = "app-tls";
      } else {
        tlsSecret = previews.tls.secretName;
      }
    }
    if (plan.basicAuth() && settings.traefik()) {
      annotations.put("traefik.ingress.kubernetes.io/router.middlewares", plan.namespace() + "-" + HTPASSWD + "@kubernetescrd");
    } else if (plan.basicAuth()) {
      annotations.put("nginx.ingress.kubernetes.io/auth-type", "basic");
      annotations.put("nginx.ingress.kubernetes.io/auth-secret", HTPASSWD);
      annotations.put("nginx.ingress.kubernetes.io/auth-realm", "Preview " + plan.host());
    }
    String ingressClass = previews != null && previews.ingressClassName != null
        ? previews.ingressClassName : settings.ingressClassName();
    ObjectMeta meta = meta(plan, APP);
    if (!annotations.isEmpty()) {
      meta.setAnnotations(annotations);
    }
    var spec = new IngressBuilder()
        .withMetadata(meta)
        .withNewSpec()
        .withIngressClassName(ingressClass)
        .addNewRule().withHost(plan.host())
        .withNewHttp().addNewPath().withPath("/").withPathType("Prefix")
        .withNewBackend().withNewService().withName(APP).withNewPort().withName("http").endPort().endService().endBackend()
        .endPath().endHttp()
        .endRule();
    if (tlsSecret != null) {
      spec.addNewTl().withHosts(plan.host()).withSecretName(tlsSecret).endTl();
    }
    return spec.endSpec().build();
  }

  /**
   * Selects the generated credentials Secrets (home namespace: environment label, no project
   * label) and the htpasswd Secrets (environment namespace: both), so that each Secret informer
   * caches only its own kind and never the SSH CA keys, certificates or API key tokens.
   */
  public static final String CREDENTIALS_SELECTOR = Labels.CREDENTIALS_SELECTOR;
  public static final String HTPASSWD_SELECTOR = Labels.MANAGED_SELECTOR + "," + Labels.ENVIRONMENT + "," + Labels.PROJECT
      + ",!" + Labels.COPY;

  public static Secret credentialsSecret(Environment environment, String organization, String username, String password) {
    Map<String, String> labels = new LinkedHashMap<>(Labels.forOrganization(organization));
    labels.put(Labels.ENVIRONMENT, Names.fit(environment.getMetadata().getName(), 63));
    return new SecretBuilder()
        .withNewMetadata().withName(Environment.credentialsSecretName(environment.getMetadata().getName()))
        .withNamespace(environment.getMetadata().getNamespace()).withLabels(labels).endMetadata()
        .withType("kubernetes.io/basic-auth")
        .withData(Map.of("username", base64(username), "password", base64(password)))
        .build();
  }

  /**
   * On the htpasswd Secret: which credentials (Secret uid/resourceVersion) its line was made from,
   * and the line's digest, so that a line replaced by hand is not taken for the one made.
   */
  public static final String CREDENTIALS_SOURCE = "orgspace.io/credentials-source";

  static String credentialsMark(String source, String line) {
    return source + ";" + Names.hash(line.strip(), 16);
  }

  /**
   * htpasswd for the controllers: {@code auth} (ingress-nginx) and {@code users} (Traefik) hold the
   * bcrypt line; {@code .htpasswd} (Envoy Gateway, {SHA} only) is there only for HTTPRoutes that Envoy Gateway serves.
   * Where Traefik serves the preview the Secret holds {@code users} alone: Traefik refuses a
   * basic-auth Secret with more than one key, and drops the route with it.
   */
  public static Secret htpasswdSecret(EnvironmentPlan plan, PreviewSettings settings, String htpasswdLine, String shaLine,
      String credentialsSource) {
    ObjectMeta meta = meta(plan, HTPASSWD);
    if (credentialsSource != null) {
      meta.setAnnotations(Map.of(CREDENTIALS_SOURCE, credentialsSource));
    }
    Map<String, String> data = new TreeMap<>();
    data.put("users", base64(htpasswdLine + "\n"));
    if (servedByTraefik(plan, settings)) {
      return new SecretBuilder().withMetadata(meta).withType("Opaque").withData(data).build();
    }
    data.put("auth", base64(htpasswdLine + "\n"));
    if (plan.routing() == Routing.HTTPRoute && !settings.traefikGateway()) {
      data.put(".htpasswd", base64(shaLine + "\n"));
    }
    return new SecretBuilder().withMetadata(meta).withType("Opaque").withData(data).build();
  }

  /** Whether Traefik serves the environment's route: its Ingress with ORGSPACE_INGRESS_CONTROLLER, its HTTPRoute with ORGSPACE_GATEWAY_CONTROLLER. */
  static boolean servedByTraefik(EnvironmentPlan plan, PreviewSettings settings) {
    return plan.routing() == Routing.HTTPRoute ? settings.traefikGateway() : settings.traefik();
  }

  public static io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute httpRoute(EnvironmentPlan plan,
      PreviewSettings settings) {
    var route = new io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder()
        .withMetadata(meta(plan, APP))
        .withNewSpec()
        .addNewParentRef().withGroup("gateway.networking.k8s.io").withKind("Gateway")
        .withNamespace(settings.gatewayNamespace()).withName(settings.gatewayName()).endParentRef()
        .withHostnames(plan.host())
        .addNewRule().addNewBackendRef().withName(APP).withPort(80).endBackendRef().endRule()
        .endSpec()
        .build();
    if (plan.basicAuth() && settings.traefikGateway()) {
      // Traefik's basic auth on a route is its Middleware, named by an ExtensionRef filter; a
      // Gateway that does not know the filter must refuse the rule, never serve it unprotected.
      route.getSpec().getRules().get(0).setFilters(List.of(new HTTPRouteFilterBuilder().withType("ExtensionRef")
          .withNewExtensionRef().withGroup("traefik.io").withKind("Middleware").withName(HTPASSWD).endExtensionRef()
          .build()));
    }
    return route;
  }

  /** Envoy Gateway's basic auth for the environment's HTTPRoute. */
  public static io.fabric8.kubernetes.api.model.GenericKubernetesResource securityPolicy(EnvironmentPlan plan) {
    var policy = new io.fabric8.kubernetes.api.model.GenericKubernetesResource();
    policy.setApiVersion("gateway.envoyproxy.io/v1alpha1");
    policy.setKind("SecurityPolicy");
    policy.setMetadata(meta(plan, HTPASSWD));
    policy.setAdditionalProperty("spec", Map.of(
        "targetRefs", List.of(Map.of("group", "gateway.networking.k8s.io", "kind", "HTTPRoute", "name", APP)),
        "basicAuth", Map.of("users", Map.of("name", HTPASSWD))));
    return policy;
  }

  /** Traefik's basic auth, referenced by the Ingress's annotation or the HTTPRoute's ExtensionRef filter. */
  public static io.fabric8.kubernetes.api.model.GenericKubernetesResource middleware(EnvironmentPlan plan) {
    var middleware = new io.fabric8.kubernetes.api.model.GenericKubernetesResource();
    middleware.setApiVersion("traefik.io/v1alpha1");
    middleware.setKind("Middleware");
    middleware.setMetadata(meta(plan, HTPASSWD));
    middleware.setAdditionalProperty("spec", Map.of("basicAuth", Map.of("secret", HTPASSWD, "realm", "Preview " + plan.host())));
    return middleware;
  }

  static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
