package io.orgspace.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Collection;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Objects keyed by their ResourceID, as bulk dependents report what exists. */
public final class ResourceIds {
  private ResourceIds() {}

  public static <R extends HasMetadata> Map<ResourceID, R> byId(Collection<R> resources) {
    return resources.stream().collect(Collectors.toMap(ResourceID::fromResource, Function.identity(), (a, b) -> a));
  }
}
