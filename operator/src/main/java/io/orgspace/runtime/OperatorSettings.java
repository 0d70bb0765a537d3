package io.orgspace.runtime;

import io.orgspace.common.Durations;
import io.orgspace.forge.ForgeEndpoints;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's settings, read once at start from its process environment variables (the chart
 * sets them); a malformed one stops the start, not a reconcile.
 */
public record OperatorSettings(
    int healthPort,
    int webhookPort,
    HttpEndpoint.Limits webhookLimits,
    boolean leaderElection,
    String leaseName,
    String leaseNamespace,
    String identity,
    java.time.Duration resyncInterval,
    String operatorNamespace,
    PreviewSettings previews,
    ForgeEndpoints forgeApis,
    int reconcileThreads,
    int workflowThreads) {

  /**
   * Reconciles run at once (ORGSPACE_RECONCILE_THREADS). A reconcile mostly waits on the API
   * server, so more than the cores help, but past this the API server (on the same cores in a small
   * cluster) only queues them, and each idle thread still costs its stack.
   */
  static final int DEFAULT_RECONCILE_THREADS = 16;
  /** Dependents of one reconcile applied at once (ORGSPACE_WORKFLOW_THREADS). */
  static final int DEFAULT_WORKFLOW_THREADS = 16;

  public static OperatorSettings fromEnvironment(Map<String, String> env) {
    String podName = env.getOrDefault("POD_NAME", hostName());
    return new OperatorSettings(
        Integer.parseInt(env.getOrDefault("ORGSPACE_HEALTH_PORT", "8081")),
        Integer.parseInt(env.getOrDefault("ORGSPACE_WEBHOOK_PORT", "8082")),
        webhookLimits(env),
        Boolean.parseBoolean(env.getOrDefault("ORGSPACE_LEADER_ELECTION", "false")),
        env.getOrDefault("ORGSPACE_LEASE_NAME", "orgspace-operator"),
        Optional.ofNullable(env.get("ORGSPACE_LEASE_NAMESPACE")).orElse(env.getOrDefault("POD_NAMESPACE", "default")),
        podName,
        env.get("ORGSPACE_RESYNC_INTERVAL") == null ? null
            : Durations.parse(env.get("ORGSPACE_RESYNC_INTERVAL")),
        OperatorNamespace.resolve(env),
        PreviewSettings.fromEnvironment(env),
        ForgeEndpoints.fromSetting(env.get(ForgeEndpoints.SETTING)),
        positive(env, "ORGSPACE_RECONCILE_THREADS", DEFAULT_RECONCILE_THREADS),
        positive(env, "ORGSPACE_WORKFLOW_THREADS", DEFAULT_WORKFLOW_THREADS));
  }

  private static int positive(Map<String, String> env, String name, int otherwise) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return otherwise;
    }
    int parsed = Integer.parseInt(value.strip());
    if (parsed < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, not " + parsed);
    }
    return parsed;
  }

  /**
   * What the internet-facing webhook port lets one client hold: a delivery is a few KB sent at
   * once, so 10 s to send it whole and 10 s of idle keep-alive leave legitimate forges untouched.
   */
  static HttpEndpoint.Limits webhookLimits(Map<String, String> env) {
    return new HttpEndpoint.Limits(
        Integer.parseInt(env.getOrDefault("ORGSPACE_WEBHOOK_MAX_CONNECTIONS", "256")),
        io.orgspace.common.Durations.parse(env.getOrDefault("ORGSPACE_WEBHOOK_REQUEST_TIMEOUT", "10s")),
        io.orgspace.common.Durations.parse(env.getOrDefault("ORGSPACE_WEBHOOK_IDLE_TIMEOUT", "10s")));
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "orgspace-operator";
    }
  }
}
