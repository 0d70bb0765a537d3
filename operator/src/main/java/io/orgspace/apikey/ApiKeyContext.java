package io.orgspace.apikey;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.orgspace.access.ApiKeyPlan;
import io.orgspace.api.ApiKey;
import io.orgspace.api.Organization;
import java.time.Instant;

/**
 * What one reconcile of an ApiKey decided, computed once before any dependent runs: the key's plan
 * (its ServiceAccount, token lifetime, whether it may hold a token now) and the time it was made at.
 */
record ApiKeyContext(ApiKeyPlan plan, Instant now) {
  static final String ORGANIZATIONS = "organizations";
  private static final String KEY = ApiKeyContext.class.getName();

  static ApiKeyContext of(Context<ApiKey> context) {
    return context.managedWorkflowAndDependentResourceContext().getMandatory(KEY, ApiKeyContext.class);
  }

  static ApiKeyContext gather(ApiKey key, Context<ApiKey> context, Instant now) {
    ApiKeyPlan plan = ApiKeyPlan.of(key, context.getSecondaryResource(Organization.class, ORGANIZATIONS).orElse(null), now);
    var result = new ApiKeyContext(plan, now);
    context.managedWorkflowAndDependentResourceContext().put(KEY, result);
    return result;
  }
}
