package io.orgspace;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.orgspace.access.AttributionPolicy;
import io.orgspace.access.ClusterWideObjects;
import io.orgspace.api.Labels;
import io.orgspace.api.Project;
import io.orgspace.apikey.ApiKeyReconciler;
import io.orgspace.common.CompactItemStore;
import io.orgspace.common.ConditionEvents;
import io.orgspace.common.StatusUpdates;
import io.orgspace.environment.EnvironmentReconciler;
import io.orgspace.environment.PreviewFeedback;
import io.orgspace.forge.FeedbackOutcomes;
import io.orgspace.forge.ForgeClient;
import io.orgspace.membership.MembershipReconciler;
import io.orgspace.organization.OrganizationReconciler;
import io.orgspace.project.ProjectReconciler;
import io.orgspace.runtime.ClusterRanges;
import io.orgspace.runtime.HealthServer;
import io.orgspace.runtime.KubernetesClients;
import io.orgspace.runtime.OperatorNamespace;
import io.orgspace.runtime.OperatorSettings;
import io.orgspace.runtime.PreviewSettings;
import io.orgspace.runtime.ReconcileLogging;
import io.orgspace.webhook.WebhookServer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/** The operator process: reconcilers, health and metrics endpoints, leader election, clean stop. */
public final class OrgspaceOperator {
  private static final Logger log = LoggerFactory.getLogger(OrgspaceOperator.class);

  private final Operator operator;
  private final HealthServer health;
  private final SharedIndexInformer<Project> projects;
  private final SharedIndexInformer<io.fabric8.kubernetes.api.model.events.v1.Event> webhookEvents;
  private final WebhookServer webhooks;
  private final KubernetesClient webhookClient;
  private final OperatorSettings settings;
  private final AtomicBoolean stopped = new AtomicBoolean();

  public OrgspaceOperator(KubernetesClient client, OperatorSettings settings) {
    this.settings = settings;
    PrometheusMeterRegistry registry = meterRegistry();
    // Per-resource series would grow with every tenant object; metrics are per controller.
    var metrics = new ReconcileLogging(MicrometerMetrics.withoutPerResourceMetrics(registry));
    operator = new Operator(o -> {
      o.withKubernetesClient(client).withMetrics(metrics).withCloseClientOnStop(true)
          .withConcurrentReconciliationThreads(settings.reconcileThreads())
          .withConcurrentWorkflowExecutorThreads(settings.workflowThreads());
      if (settings.leaderElection()) {
        o.withLeaderElectionConfiguration(leaderElection());
      }
    });
    Clock clock = Clock.systemUTC();
    registerControllers(client, clock);
    health = new HealthServer(settings.healthPort(), this::isReady, registry::scrape);
    // The webhook has its own client: its writes do not queue behind the controllers' requests
    // (a client sends at most a few to one API server at a time), and its own informers, so a
    // delivery never waits on a list.
    webhookClient = KubernetesClients.create();
    projects = webhookClient.resources(Project.class).inAnyNamespace().runnableInformer(0)
        .itemStore(new CompactItemStore<>());
    webhookEvents = webhookClient.events().v1().events().inAnyNamespace()
        .withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)
        .withoutLabel(ConditionEvents.LABEL, ConditionEvents.LABEL_VALUE)
        .runnableInformer(0)
        .itemStore(new CompactItemStore<>());
    webhooks = new WebhookServer(settings.webhookPort(), settings.webhookLimits(), webhookClient, projects, webhookEvents,
        registry, settings.identity(), clock);
  }

  /** The five controllers, each with the clock, the status writer and the settings it needs. */
  private void registerControllers(KubernetesClient client, Clock clock) {
    StatusUpdates statuses = new StatusUpdates(clock, new ConditionEvents(client, settings.identity(), clock));
    // Every primary cache is compacted; ORGSPACE_RESYNC_INTERVAL replaces each controller's own
    // maximum interval between reconciles.
    Duration resync = settings.resyncInterval();
    Consumer<ControllerConfigurationOverrider<?>> configure = o -> {
      compactCache(o);
      if (resync != null) {
        o.withReconciliationMaxInterval(resync);
      }
    };
    boolean attribution = AttributionPolicy.served(client);
    if (!attribution) {
      log.warn("the API server does not serve {} {}: changes are not stamped with who made them (Attribution=False"
          + " on each Organization)", AttributionPolicy.API_VERSION, AttributionPolicy.KIND);
    }
    operator.register(new OrganizationReconciler(clock, statuses, settings.operatorNamespace(), attribution), configure::accept);
    operator.register(new MembershipReconciler(statuses), configure::accept);
    // What reports to the forges tell, shared by the environments that make them and their projects.
    FeedbackOutcomes outcomes = new FeedbackOutcomes();
    operator.register(new ProjectReconciler(statuses, settings.forgeApis(), outcomes), configure::accept);
    PreviewSettings previews = settings.previews().withClusterCidrs(ClusterRanges.read(client));
    operator.register(new EnvironmentReconciler(clock, statuses, previews,
        PreviewFeedback.start(client, new ForgeClient(clock, settings.forgeApis()), clock, outcomes)), configure::accept);
    operator.register(new ApiKeyReconciler(clock, statuses), configure::accept);
  }

  /** The primary resources' cache is trimmed like every other ({@link CompactItemStore}). */
  private static <R extends HasMetadata> void compactCache(ControllerConfigurationOverrider<R> overrider) {
    overrider.withItemStore(new CompactItemStore<>());
  }

  private static PrometheusMeterRegistry meterRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    Metrics.addRegistry(registry); // Orgspace's own series (OrgspaceMetrics)
    return registry;
  }

  private LeaderElectionConfiguration leaderElection() {
    return LeaderElectionConfigurationBuilder
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
        .build();
  }

  public void start() {
    health.start();
    for (SharedIndexInformer<?> informer : List.of(projects, webhookEvents)) {
      informer.start();
      // An informer that gave up (e.g. the API server refused its list) would leave the webhook
      // blind: exit, and let Kubernetes restart the pod.
      informer.stopped().whenComplete((ignored, error) -> {
        if (error != null && !stopped.get()) {
          log.error("a webhook informer stopped: {}; exiting", StatusUpdates.describe(
              error instanceof Exception ex ? ex : new IllegalStateException(error)));
          System.exit(1);
        }
      });
    }
    webhooks.start();
    ClusterWideObjects.ensure(operator.getKubernetesClient());
    OperatorNamespace.ensure(operator.getKubernetesClient(), settings.operatorNamespace());
    operator.start();
    log.info("orgspace operator started; health, readiness and metrics on port {}, webhooks on port {}",
        health.port(), webhooks.port());
  }

  public boolean isReady() {
    var info = operator.getRuntimeInfo();
    return info.isStarted() && info.allEventSourcesAreHealthy()
        && projects.hasSynced() && webhookEvents.hasSynced() && webhooks.hasSynced();
  }

  public void stop() {
    if (stopped.compareAndSet(false, true)) {
      log.info("stopping orgspace operator");
      webhooks.close();
      projects.close();
      webhookEvents.close();
      webhookClient.close();
      operator.stop();
      health.close();
      log.info("orgspace operator stopped");
    }
  }

  public static void main(String[] args) throws Exception {
    OperatorSettings settings = OperatorSettings.fromEnvironment(System.getenv());
    KubernetesClient client = KubernetesClients.create();
    OrgspaceOperator orgspace = new OrgspaceOperator(client, settings);
    // SIGTERM and SIGINT stop the operator and exit 0 (the JVM's default would exit 143), also
    // while it is still starting (e.g. waiting for an API server that does not answer).
    Thread shutdown = new Thread(() -> {
      orgspace.stop();
      System.exit(0);
    }, "shutdown");
    for (String signal : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(signal), s -> {
        if (shutdown.getState() == Thread.State.NEW) {
          shutdown.start();
        }
      });
    }
    orgspace.start();
    new CountDownLatch(1).await();
  }
}
