package io.orgspace.environment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.orgspace.api.Environment;
import io.orgspace.api.Labels;
import io.orgspace.api.Organization;
import io.orgspace.api.Project;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The pure functions of secret variables, image pull Secrets and probes. */
class WorkloadSecretsTest {
  private static final String T0 = "2026-01-01T00:00:00Z";
  private static final Organization ACME = Fixtures.organization("acme", T0, "acme.example");
  private static final String PROJECT = """
      {repository: {provider: github, url: "https://github.com/acme/shop"}, previews: {port: 8080},
       variables: {LOG_LEVEL: info, MODE: plain},
       secretVariables: {DATABASE_URL: {secretKeyRef: {name: db, key: url}}, TOKEN: {secretKeyRef: {name: api, key: token}}},
       imagePullSecrets: [{name: registry}, {name: mirror}],
       probes: {readiness: {path: /ready}, liveness: {path: /healthz, port: 9090, failureThreshold: 5}}}
      """;

  private static EnvironmentPlan plan(String projectSpec, String envSpec) {
    Project project = Fixtures.project("acme", projectSpec);
    Environment env = Fixtures.environment("acme", "review", T0, envSpec);
    return EnvironmentPlan.of(env, ACME, project, List.of(ACME), List.of());
  }

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static Secret secret(String name, String uid, Map<String, String> labels, String type, Map<String, String> values) {
    Map<String, String> data = new TreeMap<>();
    values.forEach((k, v) -> data.put(k, b64(v)));
    return new SecretBuilder().withNewMetadata().withName(name).withNamespace("org-acme").withUid(uid)
        .withLabels(labels).endMetadata().withType(type).withData(data).build();
  }

  private static Secret released(String name, Map<String, String> values) {
    return secret(name, "uid-" + name, Map.of(Labels.USE_IN_ENVIRONMENTS, "true"), "Opaque", values);
  }

  private static String dockerConfig(String registry, String auth) {
    return "{\"auths\":{\"" + registry + "\":{\"auth\":\"" + b64(auth) + "\"}}}";
  }

  private static Function<String, Secret> home(Secret... secrets) {
    Map<String, Secret> byName = new HashMap<>();
    for (Secret s : secrets) {
      byName.put(s.getMetadata().getName(), s);
    }
    return byName::get;
  }

  private static final Function<String, Secret> ALL = home(
      released("db", Map.of("url", "postgres://x", "other", "y")),
      released("api", Map.of("token", "t1")),
      secret("registry", "uid-r", Map.of(Labels.USE_IN_ENVIRONMENTS, "true"), ImagePullSecrets.TYPE,
          Map.of(ImagePullSecrets.KEY, dockerConfig("registry.acme.example", "robot:pw"))),
      secret("mirror", "uid-m", Map.of(Labels.USE_IN_ENVIRONMENTS, "true"), ImagePullSecrets.TYPE,
          Map.of(ImagePullSecrets.KEY, dockerConfig("registry.acme.example", "other:pw")
              .replace("}}}", "},\"mirror.example\":{\"auth\":\"" + b64("m:pw") + "\"}}}"))));

  @Test
  void theEnvironmentsVariablesWinOverTheProjectsOfTheSameNamePlainOrSecret() {
    EnvironmentPlan plan = plan(PROJECT, "{project: shop, image: x, variables: {TOKEN: literal},"
        + " secretVariables: {MODE: {secretKeyRef: {name: api, key: token}}}}");
    Map<String, EnvVar> env = new TreeMap<>();
    SecretVariables.env(plan).forEach(v -> env.put(v.getName(), v));
    assertEquals(List.of("DATABASE_URL", "LOG_LEVEL", "MODE", "TOKEN"), List.copyOf(env.keySet()));
    assertEquals("info", env.get("LOG_LEVEL").getValue());
    assertEquals("literal", env.get("TOKEN").getValue(), "the environment's plain variable replaces the project's secret one");
    for (String name : List.of("DATABASE_URL", "MODE")) {
      assertNull(env.get(name).getValue());
      assertEquals(SecretVariables.SECRET, env.get(name).getValueFrom().getSecretKeyRef().getName());
      assertEquals(name, env.get(name).getValueFrom().getSecretKeyRef().getKey());
    }
  }

  @Test
  void onlyTheNamedKeysAreCopiedUnderTheirVariablesNames() {
    SecretCopies copies = SecretCopies.of(plan(PROJECT, "{project: shop, image: x}"), ALL);
    assertTrue(copies.complete(), copies.problems().toString());
    assertEquals(Map.of("DATABASE_URL", b64("postgres://x"), "TOKEN", b64("t1")), copies.variables().data());
    assertFalse(copies.toString().contains(b64("t1")) || copies.toString().contains("postgres"), copies.toString());
    Secret copy = SecretCopies.variablesSecret(plan(PROJECT, "{project: shop, image: x}"), copies.variables().data());
    assertEquals("secret-variables", copy.getMetadata().getLabels().get(Labels.COPY));
    assertEquals("review", copy.getMetadata().getLabels().get(Labels.ENVIRONMENT));
  }

  @Test
  void theChecksumChangesWithAValueTakenAndNothingElse() {
    EnvironmentPlan plan = plan(PROJECT, "{project: shop, image: x}");
    String before = SecretCopies.of(plan, ALL).checksum();
    Function<String, Secret> otherKeyChanged = name -> name.equals("db")
        ? released("db", Map.of("url", "postgres://x", "other", "changed")) : ALL.apply(name);
    assertEquals(before, SecretCopies.of(plan, otherKeyChanged).checksum(), "a key no variable takes");
    Function<String, Secret> rotated = name -> name.equals("api") ? released("api", Map.of("token", "t2")) : ALL.apply(name);
    assertNotEquals(before, SecretCopies.of(plan, rotated).checksum());
    Function<String, Secret> recreated = name -> name.equals("api")
        ? secret("api", "uid-new", Map.of(Labels.USE_IN_ENVIRONMENTS, "true"), "Opaque", Map.of("token", "t1"))
        : ALL.apply(name);
    assertNotEquals(before, SecretCopies.of(plan, recreated).checksum(), "salted with the source's uid");
    assertNull(SecretCopies.of(plan("{repository: {provider: github, url: \"https://github.com/acme/shop\"}}",
        "{project: shop, image: x}"), ALL).checksum(), "no secret variable, no annotation");
  }

  @Test
  void missingUnreleasedAndOrgspaceMadeSecretsAreProblemsNamingSecretAndKeyNeverValues() {
    Function<String, Secret> home = home(
        released("db", Map.of("nourl", "value-1")),
        secret("api", "u", Map.of(), "Opaque", Map.of("token", "value-2")),
        secret("registry", "u", Map.of(Labels.USE_IN_ENVIRONMENTS, "true", Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE),
            ImagePullSecrets.TYPE, Map.of(ImagePullSecrets.KEY, dockerConfig("r", "a:b"))),
        released("mirror", Map.of(ImagePullSecrets.KEY, "value-3")));
    SecretCopies copies = SecretCopies.of(plan(PROJECT, "{project: shop, image: x}"), home);
    assertFalse(copies.complete());
    String problems = String.join("; ", copies.problems());
    assertTrue(problems.contains("secretVariables DATABASE_URL: Secret db has no key url"), problems);
    assertTrue(problems.contains("secretVariables TOKEN: Secret api not found"), problems);
    assertTrue(problems.contains("imagePullSecrets registry: Secret registry not found"), problems);
    assertTrue(problems.contains("imagePullSecrets mirror: Secret mirror is not of type kubernetes.io/dockerconfigjson"), problems);
    for (String value : List.of("value-1", "value-2", "value-3")) {
      assertFalse(problems.contains(value) || problems.contains(b64(value)), problems);
    }
  }

  @Test
  void pullSecretsAreMergedFirstListedWinsAndABrokenOneIsNotQuoted() throws Exception {
    SecretCopies copies = SecretCopies.of(plan(PROJECT, "{project: shop, image: x}"), ALL);
    String merged = new String(Base64.getDecoder().decode(copies.dockerConfig()), StandardCharsets.UTF_8);
    assertTrue(merged.contains(b64("robot:pw")) && !merged.contains(b64("other:pw")) && merged.contains("mirror.example"), merged);

    Function<String, Secret> broken = name -> name.equals("mirror")
        ? secret("mirror", "u", Map.of(Labels.USE_IN_ENVIRONMENTS, "true"), ImagePullSecrets.TYPE,
            Map.of(ImagePullSecrets.KEY, "{\"auths\": {\"secret-password-in-json")) : ALL.apply(name);
    String problems = String.join("; ", SecretCopies.of(plan(PROJECT, "{project: shop, image: x}"), broken).problems());
    assertTrue(problems.contains("is not a Docker config"), problems);
    assertFalse(problems.contains("secret-password-in-json"), problems);
  }

  @Test
  void theDeploymentNamesTheCopiesCarriesTheChecksumAndTheProbes() {
    EnvironmentPlan plan = plan(PROJECT, "{project: shop, image: x}");
    Deployment deployment = EnvironmentObjects.deployment(plan, "abc123");
    var pod = deployment.getSpec().getTemplate().getSpec();
    assertEquals(List.of(new LocalObjectReference(ImagePullSecrets.SECRET)), pod.getImagePullSecrets());
    assertEquals("abc123", deployment.getSpec().getTemplate().getMetadata().getAnnotations().get(SecretVariables.CHECKSUM));
    Container app = pod.getContainers().get(0);
    assertEquals("/ready", app.getReadinessProbe().getHttpGet().getPath());
    assertEquals(8080, app.getReadinessProbe().getHttpGet().getPort().getIntVal());
    assertEquals(0, app.getReadinessProbe().getInitialDelaySeconds());
    assertEquals(5, app.getReadinessProbe().getPeriodSeconds());
    assertEquals(9090, app.getLivenessProbe().getHttpGet().getPort().getIntVal());
    assertEquals(30, app.getLivenessProbe().getInitialDelaySeconds());
    assertEquals(5, app.getLivenessProbe().getFailureThreshold());

    Deployment bare = EnvironmentObjects.deployment(plan("{repository: {provider: github, url: \"https://github.com/a/b\"}}",
        "{project: shop, image: x}"));
    assertTrue(bare.getSpec().getTemplate().getSpec().getImagePullSecrets().isEmpty());
    assertNull(bare.getSpec().getTemplate().getSpec().getContainers().get(0).getReadinessProbe());
    var annotations = bare.getSpec().getTemplate().getMetadata().getAnnotations();
    assertTrue(annotations == null || !annotations.containsKey(SecretVariables.CHECKSUM), String.valueOf(annotations));
  }

  @Test
  void anEnvironmentTakesFromTheSecretsItsProjectAndItselfName() {
    Project project = Fixtures.project("acme", PROJECT);
    Environment env = Fixtures.environment("acme", "review", T0,
        "{project: shop, secretVariables: {EXTRA: {secretKeyRef: {name: extra, key: k}}}}");
    assertEquals(Set.of("db", "api", "registry", "mirror", "extra"), SecretCopies.names(project, env));
    assertEquals(Set.of(), SecretCopies.names(null, env));
  }
}
