package io.orgspace.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.orgspace.api.Attribution;
import io.orgspace.api.Change;
import io.orgspace.api.Creation;
import io.orgspace.api.ForgeActor;
import io.orgspace.api.ResourceStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The attribution part of every Orgspace status: who created the object, and its last spec
 * changes (generation, who, when, which top-level fields). A change is recorded when a generation
 * newer than the last recorded one appears, so a resync of an unchanged object records nothing
 * and writes nothing. Who made a change is what the API server stamped ({@link Attribution}).
 */
public final class ChangeHistory {
  private static final ObjectMapper SORTED = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
  /** Longest value copied from an annotation into the status. */
  private static final int MAX_VALUE = 512;

  private ChangeHistory() {}

  /** Carries {@code previous}'s history into {@code next} and appends a change for a new generation. */
  public static void record(CustomResource<?, ?> resource, ResourceStatus previous, ResourceStatus next, Instant now) {
    ObjectMeta metadata = resource.getMetadata();
    Map<String, String> annotations = metadata.getAnnotations() == null ? Map.of() : metadata.getAnnotations();
    next.createdBy = previous != null && previous.createdBy != null ? previous.createdBy
        : new Creation(bounded(annotations.get(Attribution.CREATED_BY)), metadata.getCreationTimestamp());
    List<Change> changes = previous == null || previous.changes == null ? List.of() : previous.changes;
    Map<String, String> lastDigests = previous == null ? null : previous.specDigests;
    next.changes = changes.isEmpty() ? null : changes;
    next.specDigests = lastDigests;
    Long generation = metadata.getGeneration();
    Long recorded = changes.isEmpty() ? null : changes.get(changes.size() - 1).generation;
    if (generation == null || (recorded != null && generation <= recorded)) {
      return;
    }
    Map<String, String> digests = digests(resource.getSpec());
    Change change = new Change(generation, bounded(annotations.get(Attribution.CHANGED_BY)), now.toString(),
        changedFields(lastDigests, digests), forge(annotations));
    List<Change> kept = new ArrayList<>(changes);
    kept.add(change);
    while (kept.size() > ResourceStatus.MAX_CHANGES) {
      kept.remove(0);
    }
    next.changes = kept;
    next.specDigests = digests.isEmpty() ? null : digests;
  }

  /** A short digest of each top-level spec field's value (maps in key order), by field name. */
  static Map<String, String> digests(Object spec) {
    Map<String, String> digests = new TreeMap<>();
    if (spec == null) {
      return digests;
    }
    Map<?, ?> fields = Serialization.jsonMapper().convertValue(spec, Map.class);
    fields.forEach((field, value) -> {
      if (value != null) {
        try {
          digests.put(String.valueOf(field), sha256(SORTED.writeValueAsString(value)));
        } catch (JsonProcessingException e) {
          throw new IllegalStateException(e);
        }
      }
    });
    return digests;
  }

  /** Fields set, changed or removed since {@code before}; every field set when nothing was recorded. */
  static List<String> changedFields(Map<String, String> before, Map<String, String> after) {
    Map<String, String> previous = before == null ? Map.of() : before;
    TreeSet<String> fields = new TreeSet<>();
    after.forEach((field, digest) -> {
      if (!digest.equals(previous.get(field))) {
        fields.add(field);
      }
    });
    previous.keySet().stream().filter(field -> !after.containsKey(field)).forEach(fields::add);
    return fields.isEmpty() ? null : List.copyOf(fields);
  }

  static ForgeActor forge(Map<String, String> annotations) {
    if (Attribution.FORGE.stream().noneMatch(annotations::containsKey)) {
      return null;
    }
    return new ForgeActor(bounded(annotations.get(Attribution.FORGE_PROVIDER)), bounded(annotations.get(Attribution.FORGE_AUTHOR)),
        bounded(annotations.get(Attribution.FORGE_SENDER)), bounded(annotations.get(Attribution.FORGE_URL)));
  }

  private static String bounded(String value) {
    return value == null || value.length() <= MAX_VALUE ? value : value.substring(0, MAX_VALUE);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
