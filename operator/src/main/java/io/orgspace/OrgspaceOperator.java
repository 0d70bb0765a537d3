package io.orgspace;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.okhttp.OkHttpClientFactory;
import io.javaoperatorsdk.operator.Operator;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.orgspace.access.ClusterWideObjects;
import io.orgspace.environment.EnvironmentReconciler;
import io.orgspace.membership.MembershipReconciler;
import io.orgspace.organization.OrganizationReconciler;
import io.orgspace.project.ProjectReconciler;
import io.orgspace.runtime.HealthServer;
import io.orgspace.runtime.OperatorSettings;
import io.orgspace.runtime.ReconcileLogging;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/** The operator process: reconcilers, health and metrics endpoints, leader election, clean stop. */
public final class OrgspaceOperator {
  private static final Logger log = LoggerFactory.getLogger(OrgspaceOperator.class);

  private final Operator operator;
  private final HealthServer health;
  private final AtomicBoolean stopped = new AtomicBoolean();

  public OrgspaceOperator(KubernetesClient client, OperatorSettings settings) throws java.io.IOException {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    // Per-resource series would grow with every tenant object; metrics are per controller.
    var metrics = new ReconcileLogging(MicrometerMetrics.withoutPerResourceMetrics(registry));
    operator = new Operator(o -> {
      o.withKubernetesClient(client).withMetrics(metrics).withCloseClientOnStop(true);
      if (settings.leaderElection()) {
        o.withLeaderElectionConfiguration(LeaderElectionConfigurationBuilder
            .aLeaderElectionConfiguration(settings.leaseName())
            .withLeaseNamespace(settings.leaseNamespace())
            .withIdentity(settings.identity())
            // Losing the lease while running means another replica may already reconcile: exit
            // (non-zero) and let Kubernetes restart us as a standby. Giving it up on SIGTERM is normal.
            .withExitOnStopLeading(false)
            .withLeaderCallbacks(new LeaderCallbacks(
                () -> log.info("{} leads ({}/{})", settings.identity(), settings.leaseNamespace(), settings.leaseName()),
                () -> {
                  if (!stopped.get()) {
                    log.error("{} lost the leader lease; exiting so that a new replica stands by", settings.identity());
                    System.exit(1);
                  }
                },
                leader -> log.info("leader is now {}", leader)))
            .build());
      }
    });
    operator.register(new OrganizationReconciler());
    operator.register(new MembershipReconciler());
    operator.register(new ProjectReconciler());
    operator.register(new EnvironmentReconciler());
    health = new HealthServer(settings.healthPort(), this::isReady, registry::scrape);
  }

  public void start() {
    health.start();
    ClusterWideObjects.ensure(operator.getKubernetesClient());
    operator.start();
    log.info("orgspace operator started; health, readiness and metrics on port {}", health.port());
  }

  public boolean isReady() {
    var info = operator.getRuntimeInfo();
    return info.isStarted() && info.allEventSourcesAreHealthy();
  }

  public void stop() {
    if (stopped.compareAndSet(false, true)) {
      log.info("stopping orgspace operator");
      operator.stop();
      health.close();
      log.info("orgspace operator stopped");
    }
  }

  public static void main(String[] args) throws Exception {
    OperatorSettings settings = OperatorSettings.fromEnvironment(System.getenv());
    KubernetesClient client = new KubernetesClientBuilder().withHttpClientFactory(new OkHttpClientFactory()).build();
    OrgspaceOperator orgspace = new OrgspaceOperator(client, settings);
    CountDownLatch done = new CountDownLatch(1);
    // SIGTERM and SIGINT stop the operator and exit 0 (the JVM's default would exit 143).
    for (String signal : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(signal), s -> done.countDown());
    }
    orgspace.start();
    done.await();
    orgspace.stop();
    System.exit(0);
  }
}
