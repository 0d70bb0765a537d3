package io.orgspace.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.orgspace.api.Condition;
import io.orgspace.api.Environment;
import io.orgspace.api.GitProvider;
import io.orgspace.api.Membership;
import io.orgspace.api.Organization;
import io.orgspace.api.PreviewSsh;
import io.orgspace.api.Project;
import io.orgspace.api.Role;
import io.orgspace.common.Conditions;
import io.orgspace.environment.EnvironmentObjects;
import io.orgspace.environment.SshSidecar;
import io.orgspace.testing.ControlPlane;
import io.orgspace.testing.OperatorProcess;
import io.orgspace.testing.Poll;
import io.orgspace.testing.Sshd;
import io.orgspace.testing.TestMembership;
import io.orgspace.testing.TestOrganization;
import io.orgspace.testing.TestProject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * SSH certificates end to end: issued by the operator on the real API server, checked by OpenSSH's
 * ssh-keygen, and used against a real sshd configured from an environment's trust bundle.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SshIT {
  private static final Duration CONVERGE = Duration.ofSeconds(90);
  private static final Duration OVERLAP = Duration.ofSeconds(40);
  private static final String SFX = UUID.randomUUID().toString().substring(0, 6);
  private static final String ORG = "ssh-" + SFX;
  private static final String OTHER = "ssh-other-" + SFX;
  private static final String HOME = "org-" + ORG;
  private static final String BOB = "bob@" + ORG + ".example";
  private static final String SUE = "sue@" + ORG + ".example";
  @TempDir static Path dir;
  private static KubernetesClient admin;
  private static OperatorProcess operator;
  private static Sshd sshd;
  private static String environmentNamespace;
  private static String bobCertificate;

  @BeforeAll
  static void setUp() throws Exception {
    admin = ControlPlane.admin();
    operator = OperatorProcess.start("ssh-it", Map.of()).awaitReady();
    List<TestOrganization> organizations = List.of(ORG, OTHER).stream().map(org -> TestOrganization.named(org)
        .owner().domain().ssh("16h", OVERLAP.toSeconds() + "s").create(admin)).toList();
    organizations.forEach(org -> org.awaitHome(CONVERGE));
    SshKeygen.generate(dir, "bob", "ed25519");
    SshKeygen.generate(dir, "sue", "ecdsa");
    SshKeygen.generate(dir, "dave", "rsa", "-b", "2048");
    SshKeygen.generate(dir, "mallory", "ed25519");
    membership(HOME, "bob", BOB, Role.Developer, publicKey("bob"));
    membership(HOME, "sue", SUE, Role.Support, publicKey("sue"));
    membership(HOME, "dave", "dave@" + ORG + ".example", Role.Developer, publicKey("dave"));
    // The same user name in another organization: only the CA differs.
    membership("org-" + OTHER, "bob", BOB, Role.Developer, publicKey("mallory"));
    TestProject.named("shop").in(HOME).repository(GitProvider.github, "https://github.com/" + ORG + "/shop")
        .previewDomain("shop." + ORG + ".example").previewImage("registry.example/shop:{{sha}}").previewPort(8080)
        .create(admin);
    admin.resource(ControlPlane.load(Environment.class, """
        apiVersion: orgspace.io/v1alpha1
        kind: Environment
        metadata: {name: shop-pr-7, namespace: %s}
        spec: {project: shop, pullRequest: {number: 7, headSha: 4f9c2e1, branch: feature/ssh}}
        """.formatted(HOME))).create();
    Poll.until(CONVERGE, "environment namespace", () -> {
      Environment environment = admin.resources(Environment.class).inNamespace(HOME).withName("shop-pr-7").get();
      environmentNamespace = environment == null || environment.getStatus() == null ? null
          : environment.getStatus().namespace;
      return environmentNamespace != null;
    });
    sshd = Sshd.start(dir.resolve("sshd"));
  }

  @AfterAll
  static void tearDown() throws InterruptedException {
    operator.closeAfter(() -> {
      if (sshd != null) {
        sshd.close();
      }
      TestOrganization.deleteAndAwait(admin, SFX, CONVERGE, ORG, OTHER);
    });
  }

  @Test
  @Order(1)
  void issuedCertificateHasTheRequiredFieldsAsSshKeygenShowsThem() throws Exception {
    Instant before = Instant.now();
    bobCertificate = awaitCertificate(HOME, "bob", null);
    Path file = dir.resolve("bob-issued-cert.pub");
    Files.writeString(file, bobCertificate + "\n");
    String listing = SshKeygen.run("-L", "-f", file.toString());

    assertTrue(listing.contains("user certificate"), listing);
    Matcher serial = Pattern.compile("Serial: (\\d+)").matcher(listing);
    assertTrue(serial.find(), listing);
    assertTrue(listing.contains("Key ID: \"" + ORG + "/bob/" + serial.group(1) + "\""), listing);
    assertTrue(listing.matches("(?s).*Principals: \\n\\s+" + Pattern.quote(BOB) + "\\n\\s+Critical.*"), listing);
    assertTrue(listing.matches("(?s).*Extensions: \\n\\s+permit-pty\\n?\\s*$"), listing);
    Matcher valid = Pattern.compile("Valid: from (\\S+) to (\\S+)").matcher(listing);
    assertTrue(valid.find(), listing);
    Instant from = LocalDateTime.parse(valid.group(1)).atZone(ZoneId.systemDefault()).toInstant();
    Instant to = LocalDateTime.parse(valid.group(2)).atZone(ZoneId.systemDefault()).toInstant();
    assertEquals(Duration.ofHours(16).plusMinutes(1), Duration.between(from, to), listing);
    assertTrue(!from.isAfter(before.minusSeconds(59)) && from.isAfter(before.minusSeconds(120)), listing);

    String caFingerprint = SshKeygen.run("-l", "-f", writeLine("ca.pub",
        organization(ORG).getStatus().ssh.certificateAuthority).toString()).split(" ")[1];
    assertTrue(listing.contains("Signing CA: ED25519 " + caFingerprint), listing);
  }

  @Test
  @Order(2)
  void onlyTheMemberCanReadTheirCertificatesAndBadKeysGetACondition() {
    try (KubernetesClient bob = ControlPlane.as(BOB); KubernetesClient sue = ControlPlane.as(SUE)) {
      assertTrue(bob.secrets().inNamespace(HOME).withName(MemberCertificates.secretName("bob")).get() != null);
      var denied = org.junit.jupiter.api.Assertions.assertThrows(KubernetesClientException.class,
          () -> sue.secrets().inNamespace(HOME).withName(MemberCertificates.secretName("bob")).get());
      assertEquals(403, denied.getCode());
    }
    Poll.until(CONVERGE, "dave's key refused", () -> {
      Condition condition = condition(HOME, "dave", MemberCertificates.CONDITION);
      return condition != null && "KeyRefused".equals(condition.reason);
    });
    Condition refused = condition(HOME, "dave", MemberCertificates.CONDITION);
    assertEquals("False", refused.status);
    assertEquals("SSH key 1 is an RSA key of 2048 bits; RSA keys need 3072 bits or more", refused.message);
    assertNull(admin.secrets().inNamespace(HOME).withName(MemberCertificates.secretName("dave")).get());
    Condition issued = condition(HOME, "bob", MemberCertificates.CONDITION);
    assertEquals("Issued", issued.reason);
    // kubectl describe shows it too: a Warning Event on the Membership.
    Poll.until(CONVERGE, "a KeyRefused event on dave", () -> admin.events().v1().events().inNamespace(HOME).list()
        .getItems().stream().anyMatch(e -> "dave".equals(e.getRegarding().getName())
            && "Membership".equals(e.getRegarding().getKind())
            && "KeyRefused".equals(e.getReason()) && "Warning".equals(e.getType())));
  }

  @Test
  @Order(3)
  void sshdAcceptsTheDeveloperAndRefusesSupportExpiredAndForeignCertificates() throws Exception {
    refreshBundle(bundle -> bundle.getData().get(TrustBundle.PRINCIPALS).contains(BOB));
    String principals = bundle().getData().get(TrustBundle.PRINCIPALS);
    assertFalse(principals.contains(SUE), "Support does not update server files: " + principals);

    Sshd.Login login = sshd.login(dir.resolve("bob"), bobCertificate, "echo logged-in-as-$USER");
    assertTrue(login.succeeded() && login.output().contains("logged-in-as-"), login + "\n" + sshd.log());

    String sueCertificate = awaitCertificate(HOME, "sue", null);
    assertFalse(sshd.login(dir.resolve("sue"), sueCertificate, "true").succeeded(), "Support member refused");

    String foreign = awaitCertificate("org-" + OTHER, "bob", null);
    assertFalse(sshd.login(dir.resolve("mallory"), foreign, "true").succeeded(), "another organization's CA refused");

    // An expired certificate of the right CA, principal and key: signed here with the CA's own key.
    Path caKey = dir.resolve("ca-key");
    Files.write(caKey, Base64.getDecoder().decode(authoritySecret(ORG).getData().get("ca")));
    Files.setPosixFilePermissions(caKey, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    Files.copy(dir.resolve("bob.pub"), dir.resolve("expired.pub"));
    SshKeygen.run("-s", caKey.toString(), "-I", "expired", "-n", BOB, "-V", "-2h:-1h", "-z", "99",
        dir.resolve("expired.pub").toString());
    String expired = Files.readString(dir.resolve("expired-cert.pub"));
    Files.delete(caKey);
    assertFalse(sshd.login(dir.resolve("bob"), expired, "true").succeeded(), "expired certificate refused");
    assertTrue(sshd.login(dir.resolve("bob"), bobCertificate, "true").succeeded(), "still accepted after the refusals");
  }

  @Test
  @Order(4)
  void thePreviewsSshdSidecarAsRenderedAcceptsTheDeveloperAndRefusesSupport() throws Exception {
    admin.resources(Project.class).inNamespace(HOME).withName("shop").edit(project -> {
      project.getSpec().previews.ssh = new PreviewSsh();
      project.getSpec().previews.ssh.enabled = true;
      return project;
    });
    Container[] rendered = new Container[1];
    Poll.until(CONVERGE, "the sshd sidecar in the preview's Deployment", () -> {
      Deployment deployment = admin.apps().deployments().inNamespace(environmentNamespace).withName(EnvironmentObjects.APP).get();
      rendered[0] = deployment == null ? null : deployment.getSpec().getTemplate().getSpec().getContainers().stream()
          .filter(c -> c.getName().equals(SshSidecar.CONTAINER)).findFirst().orElse(null);
      return rendered[0] != null;
    });
    Container sidecar = rendered[0];
    Service service = admin.services().inNamespace(environmentNamespace).withName(EnvironmentObjects.APP).get();
    assertTrue(service.getSpec().getPorts().stream().anyMatch(p -> p.getPort() == SshSidecar.PORT), "the Service's ssh port");

    // The container's start command and config, and the namespace's bundle, with the pod's paths
    // mapped to directories of this machine and the port to a free one of loopback.
    Path root = dir.resolve("sidecar");
    Path bundleDir = Files.createDirectories(root.resolve("bundle"));
    Path runDir = Files.createDirectories(root.resolve("run"));
    int port = Sshd.freePort();
    java.util.function.UnaryOperator<String> local = text -> text
        .replace(TrustBundle.MOUNT_PATH, bundleDir.toString()).replace(SshSidecar.RUN_DIR, runDir.toString());
    refreshBundle(bundle -> bundle.getData().get(TrustBundle.PRINCIPALS).contains(BOB));
    ConfigMap bundle = bundle();
    assertFalse(bundle.getData().get(TrustBundle.PRINCIPALS).contains(SUE));
    for (var file : bundle.getData().entrySet()) {
      Files.writeString(bundleDir.resolve(file.getKey()), local.apply(file.getValue()));
    }
    for (var file : bundle.getBinaryData().entrySet()) {
      Files.write(bundleDir.resolve(file.getKey()), Base64.getDecoder().decode(file.getValue()));
    }
    Map<String, String> environment = new java.util.HashMap<>();
    for (var variable : sidecar.getEnv()) {
      String value = local.apply(variable.getValue());
      if (variable.getName().equals(SshSidecar.CONFIG_VARIABLE)) {
        assertTrue(value.contains("Port " + SshSidecar.PORT + "\n"), value);
        value = "ListenAddress 127.0.0.1\n" + value.replace("Port " + SshSidecar.PORT + "\n", "Port " + port + "\n");
      }
      environment.put(variable.getName(), value);
    }
    List<String> command = new java.util.ArrayList<>(sidecar.getCommand().stream().map(local).toList());
    if (sidecar.getArgs() != null) {
      sidecar.getArgs().stream().map(local).forEach(command::add);
    }
    try (Sshd sidecarSshd = Sshd.run(root, command, environment, port)) {
      Sshd.Login developer = sidecarSshd.login(dir.resolve("bob"), bobCertificate, "echo logged-in-as-$USER");
      assertTrue(developer.succeeded() && developer.output().contains("logged-in-as-"), developer + "\n" + sidecarSshd.log());
      Sshd.Login support = sidecarSshd.login(dir.resolve("sue"), awaitCertificate(HOME, "sue", null), "true");
      assertFalse(support.succeeded(), "a Support member's certificate is refused: " + support);
    }
  }

  @Test
  @Order(5)
  void afterCaRotationBothCasWorkDuringTheOverlapThenOnlyTheNewOne() throws Exception {
    String oldCa = organization(ORG).getStatus().ssh.certificateAuthority;
    String oldCertificate = bobCertificate;
    admin.resources(Organization.class).withName(ORG).edit(o -> {
      o.getSpec().ssh.caRotation = "first";
      return o;
    });
    Poll.until(CONVERGE, "a new CA in the organization's status",
        () -> !oldCa.equals(organization(ORG).getStatus().ssh.certificateAuthority));
    Organization rotated = organization(ORG);
    assertEquals(oldCa.split(" ")[1], rotated.getStatus().ssh.previousCertificateAuthority.split(" ")[1]);
    String newCertificate = awaitCertificate(HOME, "bob", oldCertificate);
    Files.writeString(dir.resolve("new-ca.pub"), rotated.getStatus().ssh.certificateAuthority + "\n");
    String newCaFingerprint = SshKeygen.run("-l", "-f", dir.resolve("new-ca.pub").toString()).split(" ")[1];
    assertTrue(SshKeygen.run("-L", "-f", writeLine("bob-new-cert.pub", newCertificate).toString())
        .contains("Signing CA: ED25519 " + newCaFingerprint), "re-issued by the new CA");

    refreshBundle(bundle -> bundle.getData().get(TrustBundle.CA_KEYS).strip().split("\n").length == 2);
    assertTrue(sshd.login(dir.resolve("bob"), oldCertificate, "true").succeeded(), "old CA trusted in the overlap");
    assertTrue(sshd.login(dir.resolve("bob"), newCertificate, "true").succeeded(), "new CA trusted");

    refreshBundle(bundle -> bundle.getData().get(TrustBundle.CA_KEYS).strip().split("\n").length == 1);
    assertFalse(sshd.login(dir.resolve("bob"), oldCertificate, "true").succeeded(), "old CA dropped after the overlap");
    assertTrue(sshd.login(dir.resolve("bob"), newCertificate, "true").succeeded(), "new CA still trusted");
    assertNull(organization(ORG).getStatus().ssh.previousCertificateAuthority);
    bobCertificate = newCertificate;
  }

  @Test
  @Order(6)
  void removedMemberIsRefusedByPrincipalsAndByTheRevocationList() throws Exception {
    admin.resources(Membership.class).inNamespace(HOME).withName("bob").delete();
    refreshBundle(bundle -> !bundle.getData().get(TrustBundle.PRINCIPALS).contains(BOB));
    assertFalse(sshd.login(dir.resolve("bob"), bobCertificate, "true").succeeded(), "removed member refused");

    Path certificate = writeLine("bob-removed-cert.pub", bobCertificate);
    Path krl = dir.resolve("check.krl");
    Files.write(krl, Base64.getDecoder().decode(bundle().getBinaryData().get(TrustBundle.REVOKED)));
    assertTrue(SshKeygen.runAllowingFailure("-Q", "-f", krl.toString(), certificate.toString()).contains("REVOKED"));

    // The revocation list alone refuses it, even where the principal is still authorized.
    Files.writeString(dir.resolve("sshd/authorized-principals"), BOB + "\n");
    assertFalse(sshd.login(dir.resolve("bob"), bobCertificate, "true").succeeded(), "revoked serial refused");
    assertTrue(sshd.log().contains("revoked"), sshd.log());

    Poll.until(CONVERGE, "bob's certificate Secret, Role and binding deleted", () ->
        admin.secrets().inNamespace(HOME).withName(MemberCertificates.secretName("bob")).get() == null
            && admin.rbac().roles().inNamespace(HOME).withName(MemberCertificates.roleName("bob")).get() == null
            && admin.rbac().roleBindings().inNamespace(HOME).withName(MemberCertificates.roleName("bob")).get() == null);
    assertEquals(1, organization(ORG).getStatus().ssh.revokedCertificates);
  }

  @Test
  @Order(7)
  void caPrivateKeyNeverLeavesItsSecret() {
    String privateKey = new String(Base64.getDecoder().decode(authoritySecret(ORG).getData().get("ca")),
        StandardCharsets.UTF_8);
    // The private half: the Ed25519 seed, as it would read in base64 at any alignment, and the file.
    byte[] seed;
    try {
      seed = org.bouncycastle.asn1.ASN1OctetString.getInstance(org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(
          CertificateAuthority.fromPrivateKeyFile(privateKey.getBytes(StandardCharsets.UTF_8)).privateKeyEncoded())
          .parsePrivateKey()).getOctets();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    assertEquals(32, seed.length);
    List<String> fragments = new java.util.ArrayList<>(List.of("PRIVATE KEY-----",
        java.util.HexFormat.of().formatHex(seed)));
    for (int shift = 0; shift < 3; shift++) {
      String encoded = Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(seed, shift, seed.length));
      fragments.add(encoded.substring(2, 30));
    }
    var serialization = admin.getKubernetesSerialization();
    Map<String, String> places = Map.of(
        "operator log", operator.log(),
        "organizations", serialization.asJson(admin.resources(Organization.class).list()),
        "memberships", serialization.asJson(admin.resources(Membership.class).inAnyNamespace().list()),
        "config maps", serialization.asJson(admin.configMaps().inAnyNamespace().list()),
        "events", serialization.asJson(admin.events().v1().events().inAnyNamespace().list()),
        "home namespace secrets", serialization.asJson(admin.secrets().inNamespace(HOME).list()));
    places.forEach((place, text) -> fragments.forEach(fragment ->
        assertFalse(text.contains(fragment), "CA key material found in " + place)));
    // Nobody in the organization, not even an Owner, can read the CA Secret.
    try (KubernetesClient owner = ControlPlane.as("owner@" + ORG + ".example")) {
      var denied = org.junit.jupiter.api.Assertions.assertThrows(KubernetesClientException.class,
          () -> owner.secrets().inNamespace(authoritySecret(ORG).getMetadata().getNamespace())
              .withName(AuthoritySecrets.name(ORG)).get());
      assertEquals(403, denied.getCode());
    }
  }

  private static void membership(String namespace, String name, String user, Role role, String key) {
    admin.resource(TestMembership.of(namespace, name, user, role, List.of(key))).create();
  }

  private static String publicKey(String name) {
    try {
      return Files.readString(dir.resolve(name + ".pub")).strip();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The member's single certificate, once it differs from {@code previous}. */
  private static String awaitCertificate(String namespace, String membership, String previous) {
    String[] found = new String[1];
    Poll.until(CONVERGE, membership + "'s certificate", () -> {
      Secret secret = admin.secrets().inNamespace(namespace).withName(MemberCertificates.secretName(membership)).get();
      if (secret == null || secret.getData() == null || secret.getData().size() != 1) {
        return false;
      }
      found[0] = new String(Base64.getDecoder().decode(secret.getData().values().iterator().next()),
          StandardCharsets.UTF_8).strip();
      return !found[0].equals(previous);
    });
    return found[0];
  }

  private static Organization organization(String name) {
    return admin.resources(Organization.class).withName(name).get();
  }

  private static Secret authoritySecret(String organization) {
    return admin.secrets().inAnyNamespace().withLabel(SshLabels.KIND, SshLabels.AUTHORITY)
        .withLabel(io.orgspace.api.Labels.ORGANIZATION, organization).list().getItems().get(0);
  }

  private static Condition condition(String namespace, String membership, String type) {
    Membership m = admin.resources(Membership.class).inNamespace(namespace).withName(membership).get();
    return m == null || m.getStatus() == null ? null : Conditions.find(m.getStatus().conditions, type);
  }

  private static ConfigMap bundle() {
    return admin.configMaps().inNamespace(environmentNamespace).withName(TrustBundle.NAME).get();
  }

  /** Waits until the environment's bundle satisfies {@code condition}, then gives its files to sshd. */
  private static void refreshBundle(java.util.function.Predicate<ConfigMap> condition) throws Exception {
    Poll.until(CONVERGE, "trust bundle", () -> {
      ConfigMap bundle = bundle();
      return bundle != null && condition.test(bundle);
    });
    ConfigMap bundle = bundle();
    sshd.writeBundle(bundle.getData(), Base64.getDecoder().decode(bundle.getBinaryData().get(TrustBundle.REVOKED)));
  }

  private static Path writeLine(String name, String line) throws java.io.IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, line.strip() + "\n");
    return file;
  }
}
