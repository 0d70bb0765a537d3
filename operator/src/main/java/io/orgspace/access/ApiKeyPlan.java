package io.orgspace.access;

import io.orgspace.api.ApiKey;
import io.orgspace.api.Organization;
import io.orgspace.common.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * What an ApiKey resolves to — its ServiceAccount, token lifetime, when to rotate — and whether it
 * may hold a token at all now. A pure function of the key, its Organization and the time.
 */
public record ApiKeyPlan(String serviceAccount, String secretName, Duration tokenLifetime, Duration rotationPeriod,
    Instant keyExpiresAt, Problem problem) {

  /** Tokens of the TokenRequest API live at least ten minutes. */
  public static final Duration MIN_TOKEN_LIFETIME = Duration.ofMinutes(10);

  public record Problem(String reason, String message) {}

  public boolean active() {
    return problem == null;
  }

  /** Every API key's ServiceAccount (and token Secret) name starts with it; the operator may request tokens for no other. */
  public static final String SERVICE_ACCOUNT_PREFIX = "apikey-";

  public static String serviceAccountName(ApiKey key) {
    return SERVICE_ACCOUNT_PREFIX + key.getMetadata().getName();
  }

  public static ApiKeyPlan of(ApiKey key, Organization organization, Instant now) {
    String serviceAccount = serviceAccountName(key);
    String secret = serviceAccount;
    Duration lifetime;
    Duration rotation;
    Instant keyExpiresAt;
    try {
      lifetime = Durations.parse(key.getSpec().lifetime == null ? "24h" : key.getSpec().lifetime);
      rotation = key.getSpec().rotationPeriod != null
          ? Durations.parse(key.getSpec().rotationPeriod) : lifetime.multipliedBy(2).dividedBy(3);
      keyExpiresAt = key.getSpec().expiresAt == null ? null : OffsetDateTime.parse(key.getSpec().expiresAt).toInstant();
    } catch (RuntimeException e) {
      // The schema refuses these; a key stored before it did holds nothing, and blocks no one else
      // (the Organization computes every key's plan for its role bindings).
      return new ApiKeyPlan(serviceAccount, secret, Duration.ofHours(24), Duration.ofHours(16), null,
          new Problem("InvalidSpec", "spec.lifetime, spec.rotationPeriod or spec.expiresAt cannot be read"
              + " as a duration or an RFC 3339 time; the key holds no token"));
    }
    Problem problem = null;
    if (organization == null) {
      problem = new Problem("OrganizationNotFound",
          "an ApiKey must live in the home namespace org-<name> of an existing Organization");
    } else if (Boolean.TRUE.equals(key.getSpec().revoked)) {
      problem = new Problem("Revoked", "the key is revoked: its ServiceAccount and every token are gone");
    } else if (keyExpiresAt != null && !now.isBefore(keyExpiresAt)) {
      problem = new Problem("Expired", "the key expired at " + keyExpiresAt + "; its tokens no longer work");
    } else {
      Duration max = maxLifetime(organization);
      if (lifetime.compareTo(max) > 0) {
        problem = new Problem("LifetimeExceedsPolicy", "lifetime " + key.getSpec().lifetime
            + " is longer than the organization's apiKeys.maxLifetime (" + max.toHours() + "h)");
      }
    }
    return new ApiKeyPlan(serviceAccount, secret, lifetime, rotation, keyExpiresAt, problem);
  }

  static Duration maxLifetime(Organization organization) {
    var policy = organization.getSpec() == null ? null : organization.getSpec().apiKeys;
    return Durations.parse(policy == null || policy.maxLifetime == null ? "720h" : policy.maxLifetime);
  }

  /** The expiry to ask the TokenRequest API for: the lifetime, cut at the key's own end. */
  public long tokenSeconds(Instant now) {
    Duration lifetime = tokenLifetime;
    if (keyExpiresAt != null && Duration.between(now, keyExpiresAt).compareTo(lifetime) < 0) {
      lifetime = Duration.between(now, keyExpiresAt);
    }
    return Math.max(MIN_TOKEN_LIFETIME.getSeconds(), lifetime.getSeconds());
  }

  /** When a token issued at {@code issuedAt} must be replaced. */
  public Instant rotateAt(Instant issuedAt) {
    Instant byPeriod = issuedAt.plus(rotationPeriod);
    Instant byLife = issuedAt.plus(tokenLifetime.multipliedBy(2).dividedBy(3));
    return byPeriod.isBefore(byLife) ? byPeriod : byLife;
  }
}
