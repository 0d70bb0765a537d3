package io.orgspace.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.orgspace.testing.ControlPlane;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The CRDs on the real API server: valid objects are accepted, bad ones refused with a clear message. */
class SchemaIT {
  private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
  private static final String NS = "schema-it-" + SUFFIX;
  private static KubernetesClient client;

  @BeforeAll
  static void setUp() {
    client = ControlPlane.admin();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
  }

  @AfterAll
  static void tearDown() {
    client.namespaces().withName(NS).delete();
    client.genericKubernetesResources("orgspace.io/v1alpha1", "Organization")
        .withLabel("schema-it", SUFFIX).delete();
  }

  private static GenericKubernetesResource object(String yaml) {
    GenericKubernetesResource resource = ControlPlane.load(GenericKubernetesResource.class, yaml);
    if (!"Organization".equals(resource.getKind())) {
      resource.getMetadata().setNamespace(NS);
    }
    resource.getMetadata().setLabels(java.util.Map.of("schema-it", SUFFIX));
    return resource;
  }

  static Stream<Arguments> validObjects() {
    return Stream.of(
        Arguments.of("organization", """
            apiVersion: orgspace.io/v1alpha1
            kind: Organization
            metadata: {name: valid-%s}
            spec:
              displayName: Valid Inc.
              owners: [{kind: User, name: alice@valid.example}, {kind: Group, name: platform-admins}]
              domains: [valid-%s.example]
              sso: {groupPrefix: "oidc:", groupMappings: [{group: engineering, role: Developer}]}
              ssh: {certificateTtl: 16h}
              apiKeys: {maxLifetime: 720h}
              preventDeletion: false
            """.formatted(SUFFIX, SUFFIX)),
        Arguments.of("membership", """
            apiVersion: orgspace.io/v1alpha1
            kind: Membership
            metadata: {name: bob}
            spec: {user: bob@acme.example, role: Developer, sshPublicKeys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBob bob@laptop"]}
            """),
        Arguments.of("project", """
            apiVersion: orgspace.io/v1alpha1
            kind: Project
            metadata: {name: shop}
            spec:
              repository: {provider: github, url: "https://github.com/acme/shop", webhookSecretRef: {name: shop-hook, key: secret}}
              previews: {domain: shop.acme.example, basicAuth: true, ttl: 168h, image: "registry.acme.example/shop:{{sha}}", port: 8080}
              variables: {LOG_LEVEL: info}
              files: {"app.yaml": "feature: on"}
            """),
        Arguments.of("environment", """
            apiVersion: orgspace.io/v1alpha1
            kind: Environment
            metadata: {name: shop-pr-42}
            spec: {project: shop, pullRequest: {number: 42, headSha: 4f9c2e1, branch: feature/cart}, image: "registry.acme.example/shop:4f9c2e1", port: 8080, replicas: 1, variables: {CART: "v2"}, basicAuth: {enabled: true}}
            """),
        Arguments.of("apikey", """
            apiVersion: orgspace.io/v1alpha1
            kind: ApiKey
            metadata: {name: ci}
            spec: {scope: Manager, lifetime: 24h, rotationPeriod: 8h, revoked: false, description: "CI read-only"}
            """));
  }

  @ParameterizedTest(name = "a valid {0} is accepted")
  @MethodSource("validObjects")
  void acceptsValidObjects(String kind, String yaml) {
    GenericKubernetesResource created = client.resource(object(yaml)).create();
    assertNotNull(created.getMetadata().getUid());
  }

  static Stream<Arguments> invalidObjects() {
    String longName = "a".repeat(60);
    return Stream.of(
        Arguments.of("unknown role", """
            apiVersion: orgspace.io/v1alpha1
            kind: Membership
            metadata: {name: unknown-role}
            spec: {user: bob@acme.example, role: Admin}
            """, "spec.role: Unsupported value: \"Admin\""),
        Arguments.of("membership without user", """
            apiVersion: orgspace.io/v1alpha1
            kind: Membership
            metadata: {name: no-user}
            spec: {role: Developer}
            """, "spec.user: Required value"),
        Arguments.of("user that is not e-mail-like", """
            apiVersion: orgspace.io/v1alpha1
            kind: Membership
            metadata: {name: bad-user}
            spec: {user: "bob", role: Developer}
            """, "spec.user: Invalid value"),
        Arguments.of("system: user", """
            apiVersion: orgspace.io/v1alpha1
            kind: Membership
            metadata: {name: system-user}
            spec: {user: "system:admin@cluster.local", role: Owner}
            """, "system: users are reserved"),
        Arguments.of("pull request number zero", """
            apiVersion: orgspace.io/v1alpha1
            kind: Environment
            metadata: {name: pr-zero}
            spec: {project: shop, pullRequest: {number: 0}}
            """, "spec.pullRequest.number: Invalid value: 0: spec.pullRequest.number in body should be greater than or equal to 1"),
        Arguments.of("negative pull request number", """
            apiVersion: orgspace.io/v1alpha1
            kind: Environment
            metadata: {name: pr-negative}
            spec: {project: shop, pullRequest: {number: -3}}
            """, "should be greater than or equal to 1"),
        Arguments.of("hostname with upper case", """
            apiVersion: orgspace.io/v1alpha1
            kind: Environment
            metadata: {name: upper-host}
            spec: {project: shop, host: Preview.Acme.example}
            """, "spec.host: Invalid value: \"Preview.Acme.example\": spec.host in body should match"),
        Arguments.of("hostname with underscore", """
            apiVersion: orgspace.io/v1alpha1
            kind: Organization
            metadata: {name: underscore-%s}
            spec: {domains: [my_shop.example]}
            """.formatted(SUFFIX), "spec.domains[0]: Invalid value: \"my_shop.example\""),
        Arguments.of("wildcard host", """
            apiVersion: orgspace.io/v1alpha1
            kind: Environment
            metadata: {name: wildcard-host}
            spec: {project: shop, host: "*.acme.example"}
            """, "spec.host in body should match"),
        Arguments.of("organization name too long for its namespace", """
            apiVersion: orgspace.io/v1alpha1
            kind: Organization
            metadata: {name: %s}
            spec: {}
            """.formatted(longName), "organization name must be at most 59 characters"),
        Arguments.of("SSO mapping to a system: group", """
            apiVersion: orgspace.io/v1alpha1
            kind: Organization
            metadata: {name: sso-system-%s}
            spec: {sso: {groupMappings: [{group: "system:masters", role: Owner}]}}
            """.formatted(SUFFIX), "system: groups are reserved by Kubernetes"),
        Arguments.of("SSO prefix that makes a system: group", """
            apiVersion: orgspace.io/v1alpha1
            kind: Organization
            metadata: {name: sso-prefix-%s}
            spec: {sso: {groupPrefix: "system:", groupMappings: [{group: masters, role: Owner}]}}
            """.formatted(SUFFIX), "groupPrefix must not start with system:"),
        Arguments.of("system: group as owner", """
            apiVersion: orgspace.io/v1alpha1
            kind: Organization
            metadata: {name: owner-system-%s}
            spec: {owners: [{kind: Group, name: "system:authenticated"}]}
            """.formatted(SUFFIX), "system: users and groups are reserved"),
        Arguments.of("preview TTL below its minimum", """
            apiVersion: orgspace.io/v1alpha1
            kind: Project
            metadata: {name: short-ttl}
            spec:
              repository: {provider: github, url: "https://github.com/acme/shop"}
              previews: {ttl: 30m}
            """, "ttl must be between 1h and 2160h"),
        Arguments.of("SSH certificate TTL below its minimum", """
            apiVersion: orgspace.io/v1alpha1
            kind: Organization
            metadata: {name: short-ssh-%s}
            spec: {ssh: {certificateTtl: 1m}}
            """.formatted(SUFFIX), "certificateTtl must be between 5m and 168h"),
        Arguments.of("API key lifetime below its minimum", """
            apiVersion: orgspace.io/v1alpha1
            kind: ApiKey
            metadata: {name: short-key}
            spec: {scope: Manager, lifetime: 1m}
            """, "lifetime must be between 10m and 8760h"),
        Arguments.of("API key rotating slower than it expires", """
            apiVersion: orgspace.io/v1alpha1
            kind: ApiKey
            metadata: {name: slow-rotation}
            spec: {scope: Manager, lifetime: 1h, rotationPeriod: 2h}
            """, "rotationPeriod must be shorter than lifetime"),
        Arguments.of("unknown provider", """
            apiVersion: orgspace.io/v1alpha1
            kind: Project
            metadata: {name: bad-provider}
            spec: {repository: {provider: svn, url: "https://svn.acme.example/shop"}}
            """, "spec.repository.provider: Unsupported value: \"svn\""),
        Arguments.of("plain-HTTP repository", """
            apiVersion: orgspace.io/v1alpha1
            kind: Project
            metadata: {name: http-repo}
            spec: {repository: {provider: github, url: "http://github.com/acme/shop"}}
            """, "spec.repository.url in body should match"),
        Arguments.of("variable name that is not an environment variable name", """
            apiVersion: orgspace.io/v1alpha1
            kind: Environment
            metadata: {name: bad-variable}
            spec: {project: shop, variables: {"1-BAD": x}}
            """, "variable names must be environment variable names"),
        Arguments.of("project without spec", """
            apiVersion: orgspace.io/v1alpha1
            kind: Project
            metadata: {name: no-spec}
            """, "spec: Required value"),
        Arguments.of("duplicate domains", """
            apiVersion: orgspace.io/v1alpha1
            kind: Organization
            metadata: {name: dup-domains-%s}
            spec: {domains: [a.example, a.example]}
            """.formatted(SUFFIX), "domains must be unique"));
  }

  @ParameterizedTest(name = "refused: {0}")
  @MethodSource("invalidObjects")
  void refusesInvalidObjects(String description, String yaml, String expectedMessage) {
    KubernetesClientException refused = assertThrows(KubernetesClientException.class,
        () -> client.resource(object(yaml)).create());
    assertEquals(422, refused.getCode(), refused.getMessage());
    assertTrue(refused.getMessage().contains(expectedMessage),
        "expected \"" + expectedMessage + "\" in: " + refused.getMessage());
  }

  @Test
  void membershipUserIsImmutable() {
    GenericKubernetesResource member = client.resource(object("""
        apiVersion: orgspace.io/v1alpha1
        kind: Membership
        metadata: {name: immutable-user}
        spec: {user: carol@acme.example, role: Support}
        """)).create();
    @SuppressWarnings("unchecked")
    var spec = (java.util.Map<String, Object>) member.getAdditionalProperties().get("spec");
    spec.put("user", "mallory@acme.example");
    KubernetesClientException refused = assertThrows(KubernetesClientException.class,
        () -> client.resource(member).update());
    assertEquals(422, refused.getCode());
    assertTrue(refused.getMessage().contains("user is immutable"), refused.getMessage());
  }

  @Test
  void environmentPullRequestNumberIsImmutable() {
    GenericKubernetesResource env = client.resource(object("""
        apiVersion: orgspace.io/v1alpha1
        kind: Environment
        metadata: {name: immutable-pr}
        spec: {project: shop, pullRequest: {number: 7}}
        """)).create();
    @SuppressWarnings("unchecked")
    var pr = (java.util.Map<String, Object>) ((java.util.Map<String, Object>) env.getAdditionalProperties()
        .get("spec")).get("pullRequest");
    pr.put("number", 8);
    KubernetesClientException refused = assertThrows(KubernetesClientException.class,
        () -> client.resource(env).update());
    assertEquals(422, refused.getCode());
    assertTrue(refused.getMessage().contains("pullRequest.number is immutable"), refused.getMessage());
  }
}
