package io.orgspace.environment;

import io.fabric8.kubernetes.api.model.Secret;
import io.orgspace.api.Labels;
import java.util.Map;
import java.util.function.Function;

/**
 * The Secrets environments may take values from: those of the organization's home namespace that
 * its owners released to environments ({@link Labels#USE_IN_ENVIRONMENTS}), never one Orgspace
 * made (API key tokens, SSH certificates, basic-auth credentials carry
 * {@code app.kubernetes.io/managed-by}). The name is always looked up in the Environment's own
 * home namespace, so no reference reaches another organization's Secret; and a Secret the owners
 * did not release (the webhook secret, a forge token) stays out of reach of the roles that may
 * name Secrets but not read them.
 */
final class SourceSecrets {
  /** The informer of released Secrets selects these alone: nothing else of the home namespaces is cached. */
  static final String SELECTOR = Labels.USE_IN_ENVIRONMENTS + "=true,!" + Labels.MANAGED_BY;

  private SourceSecrets() {}

  /** A Secret by name in the environment's home namespace, when it may be copied; else null. */
  static Secret released(String name, Function<String, Secret> homeNamespace) {
    Secret secret = homeNamespace.apply(name);
    if (secret == null) {
      return null;
    }
    Map<String, String> labels = secret.getMetadata().getLabels();
    boolean released = labels != null && "true".equals(labels.get(Labels.USE_IN_ENVIRONMENTS))
        && !labels.containsKey(Labels.MANAGED_BY);
    return released ? secret : null;
  }

  /** What a reference to a Secret that is missing or not released says (names only). */
  static String notFound(String field, String name) {
    return field + ": Secret " + name + " not found in the home namespace among the Secrets released to"
        + " environments (label " + Labels.USE_IN_ENVIRONMENTS + ": \"true\"; never one Orgspace made)";
  }
}
