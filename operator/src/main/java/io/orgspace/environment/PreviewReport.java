package io.orgspace.environment;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.orgspace.api.Condition;
import io.orgspace.api.Environment;
import io.orgspace.api.Project;
import io.orgspace.forge.CommitStatus;
import io.orgspace.forge.ForgeRepository;
import io.orgspace.forge.ForgeToken;
import java.util.Optional;
import java.util.Set;

/**
 * What a preview's pull request should show, decided from the Environment's new status without
 * I/O: Ready → success linking the preview; still rolling out (or a new push not yet rolled out) →
 * pending; any other reason Ready is False → failure with that reason; deleted → a final success
 * saying the preview is gone (no link).
 *
 * @param comment the pull-request comment's text when the Project asks for one, else null
 * @param last the final report of a deleted environment
 */
record PreviewReport(ResourceID environment, ForgeRepository repository, ResourceID project,
    ForgeToken.Ref token, long number, CommitStatus status, String comment, boolean last) {

  /** Reasons of a Ready=False that only mean "not yet". */
  static final Set<String> WAITING_REASONS = Set.of(Rollout.PROGRESSING);

  static Optional<PreviewReport> of(Environment environment, Project project, Condition ready, String url) {
    if (ready == null) {
      return Optional.empty();
    }
    CommitStatus.State state;
    String description;
    String link = null;
    if (Condition.TRUE.equals(ready.status)) {
      state = CommitStatus.State.SUCCESS;
      link = url;
      description = url == null ? "Preview deployed (no host)" : "Preview ready";
    } else if (Lifecycle.HIBERNATED.equals(ready.reason)) {
      state = CommitStatus.State.SUCCESS;
      description = "Preview hibernated (no push for a while); the next push wakes it";
    } else if (WAITING_REASONS.contains(ready.reason)) {
      state = CommitStatus.State.PENDING;
      description = "Preview deploying";
    } else {
      state = CommitStatus.State.FAILURE;
      description = ready.reason + ": " + ready.message;
    }
    return of(environment, project, state, link, description, false);
  }

  /**
   * Whether this report would take back what the pull request already shows for the same commit:
   * pending after success. A preview that served a commit keeps serving it while the same commit
   * rolls out again, so only a failure (a real regression) or a deletion follows a success.
   */
  boolean stepsBackFrom(PreviewReport shown) {
    return shown != null && shown.status().sha().equals(status.sha())
        && shown.status().state() == CommitStatus.State.SUCCESS && !shown.last()
        && status.state() == CommitStatus.State.PENDING;
  }

  static Optional<PreviewReport> deleted(Environment environment, Project project) {
    return of(environment, project, CommitStatus.State.SUCCESS, null, "Preview deleted", true);
  }

  private static Optional<PreviewReport> of(Environment environment, Project project, CommitStatus.State state,
      String link, String description, boolean last) {
    var pr = environment.getSpec() == null ? null : environment.getSpec().pullRequest;
    if (project == null || project.getSpec() == null || project.getSpec().repository == null
        || project.getSpec().repository.tokenSecretRef == null || pr == null || pr.headSha == null || pr.number == null) {
      return Optional.empty();
    }
    CommitStatus status = new CommitStatus(pr.headSha, state, link, description);
    boolean comment = project.getSpec().previews != null && Boolean.TRUE.equals(project.getSpec().previews.comment);
    return Optional.of(new PreviewReport(ResourceID.fromResource(environment),
        ForgeRepository.of(project.getSpec().repository), ResourceID.fromResource(project),
        ForgeToken.Ref.of(project.getSpec().repository).orElseThrow(), pr.number, status,
        comment ? commentText(pr.headSha, status) : null, last));
  }

  static String commentText(String sha, CommitStatus status) {
    String shortSha = sha.length() > 7 ? sha.substring(0, 7) : sha;
    String what = switch (status.state()) {
      case SUCCESS -> status.targetUrl() != null ? "ready at " + status.targetUrl() : status.description();
      case PENDING -> "deploying";
      case FAILURE, ERROR -> "failed: " + status.description();
    };
    return "**Orgspace preview** for `" + shortSha + "`: " + what;
  }
}
