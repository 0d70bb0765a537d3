package io.orgspace.project;

import io.fabric8.kubernetes.api.model.Secret;
import io.orgspace.api.Domains;
import io.orgspace.api.Organization;
import io.orgspace.api.PreviewPolicy;
import io.orgspace.api.Project;
import io.orgspace.api.Repository;
import java.util.Base64;

/** The checks of a Project that need the cluster's state, as a pure function of that state. */
public final class ProjectCheck {
  public record Result(boolean ok, String reason, String message) {}

  private ProjectCheck() {}

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
