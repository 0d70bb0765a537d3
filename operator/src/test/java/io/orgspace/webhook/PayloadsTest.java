package io.orgspace.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
  void malformedBodiesAreRefused() {
    assertThrows(Payloads.MalformedPayload.class, () -> Payloads.parse(GitProvider.github, "{not json".getBytes(StandardCharsets.UTF_8)));
    assertThrows(Payloads.MalformedPayload.class, () -> Payloads.parse(GitProvider.github, "[1,2]".getBytes(StandardCharsets.UTF_8)));
    assertThrows(Payloads.MalformedPayload.class, () -> Payloads.parse(GitProvider.gitlab, "{\"object_kind\":\"push\"}".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void thePolicyDecidesDraftsLabelsAndStaleEvents() throws Exception {
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

    assertEquals(PreviewDecision.Kind.IGNORE, PreviewDecision.decide(opened, null, "2026-11-22T00:00:00Z").kind(),
        "an older event never overwrites a newer one");
    assertEquals(PreviewDecision.Kind.APPLY, PreviewDecision.decide(opened, null, "2026-11-20T00:00:00Z").kind());
    assertTrue(PreviewDecision.isOlder("2026-11-20 09:00:00 UTC", "2026-11-20T10:00:00Z"), "GitLab's time format");
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
