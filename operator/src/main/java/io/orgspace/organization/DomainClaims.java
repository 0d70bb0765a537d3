package io.orgspace.organization;

import io.orgspace.api.Condition;
import io.orgspace.api.DomainHold;
import io.orgspace.api.Domains;
import io.orgspace.api.Organization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The organization's claims on its domains as its status records them: a domain keeps the time it
 * was first claimed while it stays in spec.domains, a new one is claimed now, and each is granted
 * or not from every organization's recorded claims ({@link Domains#granted}). A pure function.
 */
record DomainClaims(List<DomainHold> holds) {
  static final String CONDITION = "DomainsReady";

  static DomainClaims of(Organization organization, Collection<Organization> allOrganizations, Instant now) {
    List<String> wanted = organization.getSpec() == null || organization.getSpec().domains == null
        ? List.of() : organization.getSpec().domains;
    Map<String, String> since = new TreeMap<>();
    if (organization.getStatus() != null && organization.getStatus().domains != null) {
      for (DomainHold hold : organization.getStatus().domains) {
        if (hold.name != null && hold.heldSince != null) {
          since.put(hold.name, hold.heldSince);
        }
      }
    }
    String name = organization.getMetadata().getName();
    // A domain the organization was created with (its spec never changed since) was claimed when the
    // API server stored it: the order organizations were made in decides, not the order the operator
    // happened to look at them (two made in the same second are then told apart by name). A domain
    // added later is claimed when first seen, at full precision.
    String claimedNow = unchangedSinceCreation(organization)
        ? Instant.parse(organization.getMetadata().getCreationTimestamp()).toString() : now.toString();
    List<DomainHold> holds = new ArrayList<>();
    for (String domain : wanted) {
      holds.add(new DomainHold(domain, validTime(since.get(domain)) ? since.get(domain) : claimedNow, null));
    }
    List<Domains.Claim> claims = new ArrayList<>(Domains.recorded(
        allOrganizations.stream().filter(o -> !o.getMetadata().getName().equals(name)).toList()));
    holds.forEach(h -> claims.add(new Domains.Claim(name, h.name, Instant.parse(h.heldSince))));
    Set<String> held = Set.copyOf(Domains.heldBy(name, claims));
    holds.forEach(h -> h.granted = held.contains(h.name));
    return new DomainClaims(holds.isEmpty() ? null : holds);
  }

  private static boolean unchangedSinceCreation(Organization organization) {
    Long generation = organization.getMetadata().getGeneration();
    return generation != null && generation == 1L && validTime(organization.getMetadata().getCreationTimestamp());
  }

  private static boolean validTime(String time) {
    try {
      return time != null && Instant.parse(time) != null;
    } catch (java.time.format.DateTimeParseException e) {
      return false;
    }
  }

  List<String> refused() {
    return holds == null ? List.of() : holds.stream().filter(h -> !h.granted).map(h -> h.name).toList();
  }

  /** Names the refused domains, never who holds them: one tenant learns nothing of another. */
  Condition condition(long generation) {
    List<String> refused = refused();
    if (refused.isEmpty()) {
      return new Condition(CONDITION, Condition.TRUE, "DomainsHeld", holds == null ? "no domains claimed"
          : "the organization holds all its domains", generation);
    }
    return new Condition(CONDITION, Condition.FALSE, "DomainHeld", String.join(", ", refused)
        + (refused.size() == 1 ? " is" : " are") + " held by another organization (an earlier claim on it or on an"
        + " overlapping domain); its environments get no route there until that organization lets go", generation);
  }
}
