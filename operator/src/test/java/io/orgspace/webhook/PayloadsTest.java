package io.orgspace.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orgspace.api.GitProvider;
import io.orgspace.api.PreviewPolicy;
import io.orgspace.webhook.PullRequestEvent.Action;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PayloadsTest {
  private static PullRequestEvent parse(GitProvider provider, String action, boolean draft, boolean merged) throws Exception {
    var delivery = Deliveries.pullRequest(provider, "s", action, 42, "4f9c2e1aa", "2026-11-21T10:00:00Z", draft, merged);
    return Payloads.parse(provider, delivery.body());
  }

  @Test
  void githubPullRequestActions() throws Exception {
    PullRequestEvent opened = parse(GitProvider.github, "opened", false, false);
    assertEquals(Action.OPEN, opened.action());
    assertEquals(42, opened.number());
    assertEquals("4f9c2e1aa", opened.headSha());
    assertEquals("feature/cart", opened.branch());
    assertEquals(List.of("preview"), opened.labels());
    assertEquals(Action.OPEN, parse(GitProvider.github, "synchronize", false, false).action());
    assertEquals(Action.OPEN, parse(GitProvider.github, "reopened", false, false).action());
    assertEquals(Action.CLOSE, parse(GitProvider.github, "closed", false, true).action());
    assertEquals(Action.CLOSE, parse(GitProvider.github, "closed", false, false).action());
    assertEquals(Action.OTHER, parse(GitProvider.github, "review_requested", false, false).action());
  }

  @Test
  void gitlabMergeRequestActions() throws Exception {
    PullRequestEvent open = parse(GitProvider.gitlab, "open", false, false);
    assertEquals(Action.OPEN, open.action());
    assertEquals(42, open.number());
    assertEquals("4f9c2e1aa", open.headSha());
    assertEquals(Action.OPEN, parse(GitProvider.gitlab, "update", false, false).action());
    assertEquals(Action.CLOSE, parse(GitProvider.gitlab, "close", false, false).action());
    assertEquals(Action.CLOSE, parse(GitProvider.gitlab, "merge", false, true).action());
    assertTrue(parse(GitProvider.gitlab, "open", true, false).draft());
  }

  @Test
  void giteaPullRequestActions() throws Exception {
    assertEquals(Action.OPEN, parse(GitProvider.gitea, "opened", false, false).action());
    assertEquals(Action.OPEN, parse(GitProvider.gitea, "synchronized", false, false).action());
    assertEquals(Action.CLOSE, parse(GitProvider.gitea, "closed", false, true).action());
  }

  @Test
  void theForgesActorsAreRead() throws Exception {
    assertEquals(new PullRequestEvent.Actors("bob", "bob", "https://github.com/acme/shop/pull/42"),
        parse(GitProvider.github, "opened", false, false).actors());
    PullRequestEvent.Actors gitlab = parse(GitProvider.gitlab, "open", false, false).actors();
    assertEquals("bob", gitlab.sender());
    assertEquals("https://gitlab.example/acme/shop/-/merge_requests/42", gitlab.url());
    assertEquals("bob", parse(GitProvider.gitea, "opened", false, false).actors().author());
  }

  @Test
  void malformedBodiesAreRefused() {
    assertThrows(Payloads.MalformedPayload.class, () -> Payloads.parse(GitProvider.github, "{not json".getBytes(StandardCharsets.UTF_8)));
    assertThrows(Payloads.MalformedPayload.class, () -> Payloads.parse(GitProvider.github, "[1,2]".getBytes(StandardCharsets.UTF_8)));
    assertThrows(Payloads.MalformedPayload.class, () -> Payloads.parse(GitProvider.gitlab, "{\"object_kind\":\"push\"}".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void thePolicyDecidesDraftsLabelsAndForks() throws Exception {
    PreviewPolicy onlyLabelled = new PreviewPolicy();
    onlyLabelled.labels = List.of("preview");
    PullRequestEvent opened = parse(GitProvider.github, "opened", false, false);
    assertEquals(PreviewDecision.Kind.APPLY, PreviewDecision.decide(opened, onlyLabelled, null).kind());

    PreviewPolicy otherLabel = new PreviewPolicy();
    otherLabel.labels = List.of("deploy-me");
    assertEquals(PreviewDecision.Kind.DELETE, PreviewDecision.decide(opened, otherLabel, null).kind());

    PullRequestEvent draft = parse(GitProvider.github, "opened", true, false);
    assertEquals(PreviewDecision.Kind.DELETE, PreviewDecision.decide(draft, new PreviewPolicy(), null).kind());
    PreviewPolicy drafts = new PreviewPolicy();
    drafts.drafts = true;
    assertEquals(PreviewDecision.Kind.APPLY, PreviewDecision.decide(draft, drafts, null).kind());

    PullRequestEvent fork = Payloads.parse(GitProvider.github, Deliveries.forkPullRequest(GitProvider.github, "s",
        "opened", 42, "4f9c2e1aa", "2026-11-21T10:00:00Z").body());
    assertEquals(PreviewDecision.Kind.DELETE, PreviewDecision.decide(fork, null, null).kind(), "forks: no preview by default");
    assertEquals("fork", PreviewDecision.decide(fork, null, null).why());
    PreviewPolicy forks = new PreviewPolicy();
    forks.forks = true;
    assertEquals(PreviewDecision.Kind.APPLY, PreviewDecision.decide(fork, forks, null).kind(), "unless the project opts in");
    assertEquals(PreviewDecision.Kind.DELETE, PreviewDecision.decide(
        Payloads.parse(GitProvider.github, Deliveries.forkPullRequest(GitProvider.github, "s", "closed", 42, "4f9c2e1aa",
            "2026-11-21T11:00:00Z").body()), null, null).kind(), "a fork's close still deletes");
  }

  @Test
  void forksAreRecognisedInEveryProvidersPayload() throws Exception {
    for (GitProvider provider : GitProvider.values()) {
      String open = provider == GitProvider.gitlab ? "open" : "opened";
      assertFalse(parse(provider, open, false, false).fromFork(), provider + ": head and base in one repository");
      assertTrue(Payloads.parse(provider, Deliveries.forkPullRequest(provider, "s", open, 42, "4f9c2e1aa",
          "2026-11-21T10:00:00Z").body()).fromFork(), provider + ": head in a fork");
    }
  }

  @Test
  void aPayloadThatDoesNotShowOneRepositoryCountsAsAFork() throws Exception {
    String github = new String(Deliveries.pullRequest(GitProvider.github, "s", "opened", 42, "4f9c2e1aa",
        "2026-11-21T10:00:00Z", false, false).body(), StandardCharsets.UTF_8);
    String deletedFork = github.replace(
        "\"repo\": {\"id\": 700123, \"name\": \"shop\", \"full_name\": \"acme/shop\", \"private\": true, \"fork\": false}",
        "\"repo\": null");
    assertNotEquals(github, deletedFork, "the head repository was taken out of the payload");
    assertTrue(Payloads.parse(GitProvider.github, deletedFork.getBytes(StandardCharsets.UTF_8)).fromFork(),
        "a deleted fork leaves no head repository");

    String gitlab = new String(Deliveries.pullRequest(GitProvider.gitlab, "s", "open", 42, "4f9c2e1aa",
        "2026-11-21 10:00:00 UTC", false, false).body(), StandardCharsets.UTF_8);
    assertTrue(Payloads.parse(GitProvider.gitlab, gitlab.replace("\"source_project_id\": 1001,", "")
        .getBytes(StandardCharsets.UTF_8)).fromFork(), "a merge request without its source project");
  }

  @Test
  void aPullRequestNumberMustBeWhatTheSchemaTakes() throws Exception {
    String template = new String(Deliveries.pullRequest(GitProvider.github, "s", "opened", 42, "4f9c2e1aa",
        "2026-11-21T10:00:00Z", false, false).body(), StandardCharsets.UTF_8);
    for (String bad : List.of("\"42\"", "0", "-1", "1.5", "1e3", "1000000000", "99999999999999999999", "[42]", "{}")) {
      byte[] body = template.replace("\"number\": 42", "\"number\": " + bad).getBytes(StandardCharsets.UTF_8);
      assertThrows(Payloads.MalformedPayload.class, () -> Payloads.parse(GitProvider.github, body), bad);
    }
    byte[] max = template.replace("\"number\": 42", "\"number\": 999999999").getBytes(StandardCharsets.UTF_8);
    assertEquals(999999999L, Payloads.parse(GitProvider.github, max).number());
    assertThrows(Payloads.MalformedPayload.class, () -> Payloads.parse(GitProvider.github,
        "{\"action\":\"opened\",\"number\":1,\"pull_request\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
  }
}
