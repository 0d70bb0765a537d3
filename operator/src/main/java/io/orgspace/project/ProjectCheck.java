package io.orgspace.project;

import io.fabric8.kubernetes.api.model.Secret;
import io.orgspace.api.Domains;
import io.orgspace.api.Organization;
import io.orgspace.api.PreviewPolicy;
import io.orgspace.api.Project;
import io.orgspace.api.Repository;
import io.orgspace.api.Condition;
import io.orgspace.forge.FeedbackOutcomes;
import io.orgspace.forge.ForgeClient;
import io.orgspace.forge.ForgeEndpoints;
import io.orgspace.forge.ForgeRepository;
import io.orgspace.forge.ForgeToken;
import java.util.Base64;
import java.util.Optional;

/** The checks of a Project that need the cluster's state, as a pure function of that state. */
public final class ProjectCheck {
  public record Result(boolean ok, String reason, String message) {}

  /** The condition reports to the forge fail under; the same type as the Environment's. */
  public static final String FEEDBACK_FAILED = "FeedbackFailed";

  private ProjectCheck() {}

  /**
   * The Project's {@code FeedbackFailed}: true when its previews cannot be reported (the forge API
   * is not one the platform allows, the token's Secret may not be sent) or when the latest report of
   * one of its environments failed; false once that is not so.
   */
  public static Condition feedback(Project project, ForgeEndpoints forgeApis, ForgeToken.Ref token, Secret tokenSecret,
      Optional<FeedbackOutcomes.Outcome> outcome, long generation) {
    String apiBase = ForgeRepository.of(project.getSpec().repository).apiBase();
    Optional<String> notAllowed = forgeApis.problem(apiBase);
    if (notAllowed.isPresent()) {
      return new Condition(FEEDBACK_FAILED, Condition.TRUE, ForgeClient.NOT_ALLOWED, notAllowed.get(), generation);
    }
    Optional<ForgeToken.Refusal> refused = ForgeToken.problem(token, tokenSecret);
    if (refused.isPresent()) {
      return new Condition(FEEDBACK_FAILED, Condition.TRUE, refused.get().reason(), refused.get().message(), generation);
    }
    if (outcome.isPresent() && outcome.get().failed() != null) {
      return new Condition(FEEDBACK_FAILED, Condition.TRUE, outcome.get().failed().reason(),
          "environment " + outcome.get().environment() + ": " + outcome.get().failed().message(), generation);
    }
    return new Condition(FEEDBACK_FAILED, Condition.FALSE, "Reported", outcome.isPresent()
        ? "reports to the pull requests go through" : "the forge API and token may be used; nothing reported yet", generation);
  }

  public static Result check(Project project, Organization organization, Secret webhookSecret) {
    if (organization == null) {
      return new Result(false, "OrganizationNotFound",
          "a Project must live in the home namespace org-<name> of an existing Organization");
    }
    PreviewPolicy previews = project.getSpec().previews;
    if (previews != null && previews.domain != null
        && !Domains.isUnderAny(previews.domain, organization.getSpec() == null ? null : organization.getSpec().domains)) {
      return new Result(false, "DomainNotOwned", "preview domain " + previews.domain
          + " is not under a domain of organization " + organization.getMetadata().getName()
          + " (spec.domains of the Organization)");
    }
    var ref = project.getSpec().repository.webhookSecretRef;
    if (ref != null) {
      boolean hasKey = webhookSecret != null && webhookSecret.getData() != null && webhookSecret.getData().containsKey(ref.key);
      if (!hasKey) {
        return new Result(false, "WebhookSecretMissing", "Secret " + ref.name + " with key " + ref.key
            + " was not found in namespace " + project.getMetadata().getNamespace());
      }
      if (!Repository.isStrongWebhookSecret(Base64.getDecoder().decode(webhookSecret.getData().get(ref.key)))) {
        return new Result(false, "WebhookSecretTooShort", "the webhook secret in Secret " + ref.name + ", key " + ref.key
            + ", is shorter than " + Repository.MIN_WEBHOOK_SECRET_BYTES + " bytes, so every delivery is refused;"
            + " store a random value there, e.g. openssl rand -hex 32");
      }
      return new Result(true, "Valid", "repository, preview policy and webhook secret are valid");
    }
    return new Result(true, "Valid", "repository and preview policy are valid; no webhook secret is set, so webhooks are refused");
  }
}
