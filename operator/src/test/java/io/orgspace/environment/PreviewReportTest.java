package io.orgspace.environment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.orgspace.api.Condition;
import io.orgspace.api.Environment;
import io.orgspace.api.EnvironmentSpec;
import io.orgspace.api.GitProvider;
import io.orgspace.api.PreviewPolicy;
import io.orgspace.api.Project;
import io.orgspace.api.ProjectSpec;
import io.orgspace.api.PullRequest;
import io.orgspace.api.Repository;
import io.orgspace.api.SecretKeyRef;
import io.orgspace.forge.CommitStatus;
import org.junit.jupiter.api.Test;

/** What the pull request shows for each state of its preview. */
class PreviewReportTest {
  private static final String SHA = "0123456789abcdef0123456789abcdef01234567";

  private static Project project(boolean token, boolean comment) {
    Project project = new Project();
    project.setMetadata(new ObjectMetaBuilder().withName("shop").withNamespace("org-acme").build());
    project.setSpec(new ProjectSpec());
    project.getSpec().repository = new Repository();
    project.getSpec().repository.provider = GitProvider.gitea;
    project.getSpec().repository.url = "https://code.example/acme/shop";
    if (token) {
      project.getSpec().repository.tokenSecretRef = new SecretKeyRef();
      project.getSpec().repository.tokenSecretRef.name = "forge-token";
      project.getSpec().repository.tokenSecretRef.key = "token";
    }
    project.getSpec().previews = new PreviewPolicy();
    project.getSpec().previews.comment = comment;
    return project;
  }

  private static Environment environment() {
    Environment environment = new Environment();
    environment.setMetadata(new ObjectMetaBuilder().withName("shop-pr-7").withNamespace("org-acme").build());
    environment.setSpec(new EnvironmentSpec());
    environment.getSpec().project = "shop";
    environment.getSpec().pullRequest = new PullRequest();
    environment.getSpec().pullRequest.number = 7L;
    environment.getSpec().pullRequest.headSha = SHA;
    return environment;
  }

  @Test
  void readyLinksThePreview() {
    var report = PreviewReport.of(environment(), project(true, false),
        new Condition(Condition.READY, Condition.TRUE, "Deployed", "serving", 1L), "https://pr-7.shop.example").orElseThrow();
    assertEquals(CommitStatus.State.SUCCESS, report.status().state());
    assertEquals("https://pr-7.shop.example", report.status().targetUrl());
    assertEquals(SHA, report.status().sha());
    assertEquals(7L, report.number());
    assertNull(report.comment());
  }

  @Test
  void aRolloutUnderWayIsPendingAndAFailureSaysWhy() {
    var pending = PreviewReport.of(environment(), project(true, false),
        new Condition(Condition.READY, Condition.FALSE, Rollout.PROGRESSING, "0/1 available", 1L), null).orElseThrow();
    assertEquals(CommitStatus.State.PENDING, pending.status().state());
    var failed = PreviewReport.of(environment(), project(true, true),
        new Condition(Condition.READY, Condition.FALSE, "ImagePullBackOff", "no such image", 1L), null).orElseThrow();
    assertEquals(CommitStatus.State.FAILURE, failed.status().state());
    assertEquals("ImagePullBackOff: no such image", failed.status().description());
    assertTrue(failed.comment().contains("failed: ImagePullBackOff"), failed.comment());
  }

  @Test
  void deletionIsAFinalStateWithoutALink() {
    var report = PreviewReport.deleted(environment(), project(true, false)).orElseThrow();
    assertEquals(CommitStatus.State.SUCCESS, report.status().state());
    assertNull(report.status().targetUrl());
  }

  @Test
  void nothingIsReportedWithoutATokenOrAPullRequest() {
    var ready = new Condition(Condition.READY, Condition.TRUE, "Deployed", "serving", 1L);
    assertTrue(PreviewReport.of(environment(), project(false, true), ready, null).isEmpty());
    Environment manual = environment();
    manual.getSpec().pullRequest = null;
    assertTrue(PreviewReport.of(manual, project(true, true), ready, null).isEmpty());
    assertTrue(PreviewReport.of(environment(), null, ready, null).isEmpty());
  }
}
