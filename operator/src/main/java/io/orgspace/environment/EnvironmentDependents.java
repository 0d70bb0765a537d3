package io.orgspace.environment;

import io.orgspace.api.BasicAuth;
import io.orgspace.api.Environment;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDNoGCKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.orgspace.api.Labels;
import io.orgspace.api.Organization;
import io.orgspace.runtime.EnvironmentSettings;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.BiFunction;

/**
 * The workflow's dependents: each applies one object of {@link EnvironmentObjects} server-side.
 * Objects in the environment's namespace cannot be owned by the Environment (owner references do
 * not cross namespaces); they go with the namespace, which the finalizer deletes.
 */
public final class EnvironmentDependents {
  private EnvironmentDependents() {}

  static EnvironmentPlan plan(Environment environment, Context<Environment> context) {
    return Plans.plan(environment, context);
  }

  /** The Organization the plan was made from (one snapshot per reconcile; present when it is deployable). */
  static Organization organization(Environment environment, Context<Environment> context) {
    return Plans.organization(environment, context);
  }

  /**
   * The environment's namespace exists and is not this environment's: a namespace Orgspace did not
   * make (kube-node-lease is organization "kube", project "node", environment "lease"), or one
   * labelled for another organization or environment. Orgspace neither adopts nor relabels it.
   */
  public static final class NamespaceTaken extends RuntimeException {
    NamespaceTaken(String namespace) {
      super("namespace " + namespace + " exists and is not this environment's (labels "
          + Labels.ORGANIZATION + ", " + Labels.ENVIRONMENT + "); Orgspace does not take it over;"
          + " rename the environment or its project");
    }
  }

  /**
   * Whether an object carries this environment's organization and environment labels: only then
   * may it write over or delete it (managed-by is not required: a hand edit may have removed it).
   */
  static boolean belongsTo(io.fabric8.kubernetes.api.model.HasMetadata object, Environment env) {
    var labels = object.getMetadata().getLabels();
    return labels != null
        && java.util.Objects.equals(Organization.fromHomeNamespace(env.getMetadata().getNamespace()),
            labels.get(Labels.ORGANIZATION))
        && EnvironmentObjects.environmentLabel(env).equals(labels.get(Labels.ENVIRONMENT));
  }

  // ---- conditions -------------------------------------------------------------------------

  public static class Deployable implements Condition<Object, Environment> {
    @Override
    public boolean isMet(DependentResource<Object, Environment> dr, Environment env, Context<Environment> context) {
      return plan(env, context).deployable();
    }
  }

  public static class Isolated implements Condition<Object, Environment> {
    @Override
    public boolean isMet(DependentResource<Object, Environment> dr, Environment env, Context<Environment> context) {
      return plan(env, context).deployable() && EnvironmentObjects.networkIsolated(organization(env, context));
    }
  }

  public static class HasFiles implements Condition<Object, Environment> {
    @Override
    public boolean isMet(DependentResource<Object, Environment> dr, Environment env, Context<Environment> context) {
      return plan(env, context).deployable() && !plan(env, context).files().isEmpty();
    }
  }

  public static class RoutedByIngress implements Condition<Object, Environment> {
    @Override
    public boolean isMet(DependentResource<Object, Environment> dr, Environment env, Context<Environment> context) {
      return plan(env, context).byIngress();
    }
  }

  public static class Protected implements Condition<Object, Environment> {
    @Override
    public boolean isMet(DependentResource<Object, Environment> dr, Environment env, Context<Environment> context) {
      return plan(env, context).routable() && plan(env, context).basicAuth()
          && Plans.credentials(env, context) != null;
    }
  }

  public static class GeneratesCredentials implements Condition<Object, Environment> {
    @Override
    public boolean isMet(DependentResource<Object, Environment> dr, Environment env, Context<Environment> context) {
      BasicAuth auth = env.getSpec().basicAuth;
      return plan(env, context).routable() && plan(env, context).basicAuth() && (auth == null || auth.secretName == null);
    }
  }

  // ---- dependents ---------------------------------------------------------------------------

  /**
   * An object of the environment's namespace, found by its fixed name, so that finding it (also
   * at clean-up, when the project may be gone) never needs the desired state. Created by applying
   * it whether or not it exists (createResourceOnlyIfNotExistingWithSSA = false): the namespace is
   * the environment's, and one of these objects stripped of its labels by hand — which takes it
   * out of the label-filtered informer — is put back rather than failing with a 409 forever.
   */
  abstract static class InEnvironmentNamespace<R extends io.fabric8.kubernetes.api.model.HasMetadata>
      extends CRUDNoGCKubernetesDependentResource<R, Environment> {
    private final String objectName;
    private final BiFunction<EnvironmentPlan, Context<Environment>, R> render;

    InEnvironmentNamespace(Class<R> type, String objectName, BiFunction<EnvironmentPlan, Context<Environment>, R> render) {
      super(type);
      this.objectName = objectName;
      this.render = render;
    }

    @Override
    protected ResourceID targetSecondaryResourceID(Environment env, Context<Environment> context) {
      return new ResourceID(objectName, plan(env, context).namespace());
    }

    @Override
    protected R desired(Environment env, Context<Environment> context) {
      return render.apply(plan(env, context), context);
    }

    /** Never deletes what another environment made under the same name (its namespace's objects). */
    @Override
    protected void handleDelete(Environment env, R secondary, Context<Environment> context) {
      if (secondary != null && belongsTo(secondary, env)) {
        super.handleDelete(env, secondary, context);
      }
    }
  }

  @KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
  public static class EnvNamespace extends CRUDNoGCKubernetesDependentResource<Namespace, Environment> {
    public EnvNamespace() {
      super(Namespace.class);
    }

    @Override
    protected ResourceID targetSecondaryResourceID(Environment env, Context<Environment> context) {
      return new ResourceID(plan(env, context).namespace());
    }

    @Override
    protected Namespace desired(Environment env, Context<Environment> context) {
      return EnvironmentObjects.namespace(plan(env, context));
    }

    /**
     * Not in the (label-filtered) cache: either it does not exist, or it is a namespace Orgspace did
     * not make — which it must not adopt by applying its labels to it.
     */
    @Override
    public Namespace create(Namespace desired, Environment env, Context<Environment> context) {
      Namespace existing = context.getClient().namespaces().withName(desired.getMetadata().getName()).get();
      if (existing == null) {
        return super.create(desired, env, context);
      }
      if (!belongsTo(existing, env)) {
        throw new NamespaceTaken(desired.getMetadata().getName());
      }
      // Ours, but out of the informer (its managed-by label was removed by hand): apply it again.
      return super.update(existing, desired, env, context);
    }

    @Override
    public Namespace update(Namespace actual, Namespace desired, Environment env, Context<Environment> context) {
      if (!belongsTo(actual, env)) {
        throw new NamespaceTaken(actual.getMetadata().getName());
      }
      return super.update(actual, desired, env, context);
    }

    /** Deleting the environment deletes its own namespace, never one it was refused. */
    @Override
    protected void handleDelete(Environment env, Namespace namespace, Context<Environment> context) {
      if (namespace != null && belongsTo(namespace, env)) {
        super.handleDelete(env, namespace, context);
      }
    }
  }

  @KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR), createResourceOnlyIfNotExistingWithSSA = false)
  public static class EnvNetworkPolicy extends InEnvironmentNamespace<NetworkPolicy> {
    public EnvNetworkPolicy() {
      super(NetworkPolicy.class, EnvironmentObjects.ISOLATION, (plan, context) -> EnvironmentObjects.networkPolicy(plan, EnvironmentSettings.current()));
    }
  }

  @KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR), createResourceOnlyIfNotExistingWithSSA = false)
  public static class EnvResourceQuota extends InEnvironmentNamespace<ResourceQuota> {
    public EnvResourceQuota() {
      super(ResourceQuota.class, EnvironmentObjects.QUOTA, (plan, context) -> EnvironmentObjects.resourceQuota(plan, organization(plan.environment(), context), EnvironmentSettings.current()));
    }
  }

  @KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR), createResourceOnlyIfNotExistingWithSSA = false)
  public static class EnvLimitRange extends InEnvironmentNamespace<LimitRange> {
    public EnvLimitRange() {
      super(LimitRange.class, EnvironmentObjects.LIMITS, (plan, context) -> EnvironmentObjects.limitRange(plan, organization(plan.environment(), context), EnvironmentSettings.current()));
    }
  }

  @KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR), createResourceOnlyIfNotExistingWithSSA = false)
  public static class EnvFiles extends InEnvironmentNamespace<ConfigMap> {
    public EnvFiles() {
      super(ConfigMap.class, EnvironmentObjects.FILES, (plan, context) -> EnvironmentObjects.filesConfigMap(plan));
    }
  }

  @KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR), createResourceOnlyIfNotExistingWithSSA = false)
  public static class EnvDeployment extends InEnvironmentNamespace<Deployment> {
    public EnvDeployment() {
      super(Deployment.class, EnvironmentObjects.APP, (plan, context) -> EnvironmentObjects.deployment(plan));
    }
  }

  @KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR), createResourceOnlyIfNotExistingWithSSA = false)
  public static class EnvService extends InEnvironmentNamespace<Service> {
    public EnvService() {
      super(Service.class, EnvironmentObjects.APP, (plan, context) -> EnvironmentObjects.service(plan));
    }
  }

  @KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR), createResourceOnlyIfNotExistingWithSSA = false)
  public static class EnvIngress extends InEnvironmentNamespace<Ingress> {
    public EnvIngress() {
      super(Ingress.class, EnvironmentObjects.APP, (plan, context) -> EnvironmentObjects.ingress(plan, EnvironmentSettings.current()));
    }
  }

  /** Generated credentials, next to the Environment (owned by it, so deleted with it). */
  @KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
  public static class EnvCredentials extends CRUDKubernetesDependentResource<Secret, Environment> {
    public EnvCredentials() {
      super(Secret.class);
    }

    @Override
    protected ResourceID targetSecondaryResourceID(
        Environment env, Context<Environment> context) {
      return new ResourceID(
          EnvironmentObjects.credentialsSecretName(env), env.getMetadata().getNamespace());
    }

    @Override
    protected Secret desired(Environment env, Context<Environment> context) {
      Plans.Credentials credentials = Plans.credentials(env, context);
      return EnvironmentObjects.credentialsSecret(env, plan(env, context).organization(),
          credentials.username(), credentials.password());
    }
  }

  /** The htpasswd the ingress controller checks; rewritten only when the credentials change. */
  @KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR), createResourceOnlyIfNotExistingWithSSA = false)
  public static class EnvHtpasswd extends InEnvironmentNamespace<Secret> {
    public EnvHtpasswd() {
      super(Secret.class, EnvironmentObjects.HTPASSWD, (plan, context) -> null);
    }

    /**
     * Keeps the existing line while it is the one made from the same credentials Secret version
     * (the annotation names that version and the line's digest: no bcrypt on a resync, and a line
     * replaced by hand is not trusted), else keeps it if it still verifies, else hashes anew.
     */
    @Override
    protected Secret desired(Environment env, Context<Environment> context) {
      Plans.Credentials credentials = Plans.credentials(env, context);
      var actual = getSecondaryResource(env, context);
      String existing = actual
          .map(s -> s.getData() == null ? null : s.getData().get("auth"))
          .map(b64 -> new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8))
          .orElse(null);
      String madeFrom = actual.map(s -> s.getMetadata().getAnnotations())
          .map(a -> a.get(EnvironmentObjects.CREDENTIALS_SOURCE)).orElse(null);
      boolean current = existing != null && credentials.source() != null
          && EnvironmentObjects.credentialsMark(credentials.source(), existing).equals(madeFrom);
      String line = current || Htpasswd.matches(existing, credentials.username(), credentials.password())
          ? existing.strip()
          : Htpasswd.line(credentials.username(), credentials.password(), credentials.generated());
      return EnvironmentObjects.htpasswdSecret(plan(env, context), line,
          Htpasswd.shaLine(credentials.username(), credentials.password()),
          credentials.source() == null ? null : EnvironmentObjects.credentialsMark(credentials.source(), line));
    }
  }
}
