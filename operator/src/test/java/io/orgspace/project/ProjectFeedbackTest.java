package io.orgspace.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.orgspace.api.Condition;
import io.orgspace.api.GitProvider;
import io.orgspace.api.Labels;
import io.orgspace.api.Project;
import io.orgspace.api.ProjectSpec;
import io.orgspace.api.Repository;
import io.orgspace.api.SecretKeyRef;
import io.orgspace.forge.FeedbackOutcomes;
import io.orgspace.forge.ForgeEndpoints;
import io.orgspace.forge.ForgeToken;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Project's FeedbackFailed: the platform's rule first, then the token's Secret, then the reports. */
class ProjectFeedbackTest {
  private static Project project(String url, String apiUrl) {
    Project project = new Project();
    project.setMetadata(new ObjectMetaBuilder().withName("shop").withNamespace("org-acme").build());
    project.setSpec(new ProjectSpec());
    Repository repository = new Repository();
    repository.provider = GitProvider.gitea;
    repository.url = url;
    repository.apiUrl = apiUrl;
    repository.tokenSecretRef = new SecretKeyRef();
    repository.tokenSecretRef.name = "forge";
    repository.tokenSecretRef.key = "token";
    project.getSpec().repository = repository;
    return project;
  }

  private static Secret secret(Map<String, String> labels) {
    return new SecretBuilder().withNewMetadata().withName("forge").withLabels(labels).endMetadata()
        .addToData("token", "dG9rZW4=").build();
  }

  private static Condition feedback(Project project, Secret secret, Optional<FeedbackOutcomes.Outcome> outcome) {
    return ProjectCheck.feedback(project, ForgeEndpoints.publicForges(), ForgeToken.Ref.of(project.getSpec().repository)
        .orElseThrow(), secret, outcome, 1L);
  }

  @Test
  void aForgeApiThePlatformDoesNotAllowIsTheProjectsProblemAtOnce() {
    Condition c = feedback(project("https://169.254.169.254/a/b", null), secret(Map.of()), Optional.empty());
    assertEquals(Condition.TRUE, c.status);
    assertEquals("ForgeNotAllowed", c.reason);
    assertTrue(c.message.contains("link-local"), c.message);
  }

  @Test
  void anOrgspaceMadeSecretIsNeverTheToken() {
    Condition c = feedback(project("https://codeberg.org/a/b", null),
        secret(Map.of(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)), Optional.empty());
    assertEquals("TokenSecretNotAllowed", c.reason);
    assertTrue(!c.message.contains("dG9rZW4=") && !c.message.contains("token\""), c.message);
  }

  @Test
  void aFailedReportSetsItAndASuccessClearsIt() {
    Project project = project("https://codeberg.org/a/b", null);
    Condition failed = feedback(project, secret(Map.of()), Optional.of(new FeedbackOutcomes.Outcome("shop-pr-7",
        new ForgeToken.Refusal("ForgeDeniedToken", "POST /statuses answered 401"))));
    assertEquals(Condition.TRUE, failed.status);
    assertEquals("ForgeDeniedToken", failed.reason);
    assertTrue(failed.message.startsWith("environment shop-pr-7: "), failed.message);
    Condition recovered = feedback(project, secret(Map.of()), Optional.of(new FeedbackOutcomes.Outcome(null, null)));
    assertEquals(Condition.FALSE, recovered.status);
    assertEquals("Reported", recovered.reason);
  }
}
