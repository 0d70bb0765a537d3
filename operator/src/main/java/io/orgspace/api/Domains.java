package io.orgspace.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Host names against the domains organizations claim, and who holds which domain: first come,
 * first served. A claim counts from the time the operator recorded it in the organization's
 * status ({@link DomainHold#heldSince}), never from the organization's age, so a later claim —
 * by an organization of any age, on the same domain or one overlapping it — never displaces a
 * held one.
 */
public final class Domains {
  private Domains() {}

  /** One organization's recorded claim on one domain. */
  public record Claim(String organization, String domain, Instant since) {}

  private static final Comparator<Claim> FIRST_COME = Comparator.comparing(Claim::since)
      .thenComparing(Claim::organization).thenComparing(Claim::domain);

  /** True when {@code host} is {@code domain} itself or a name under it (label boundary, not a suffix). */
  public static boolean isUnder(String host, String domain) {
    return host.equals(domain) || host.endsWith("." + domain);
  }

  public static boolean isUnderAny(String host, Collection<String> domains) {
    return domains != null && domains.stream().anyMatch(d -> isUnder(host, d));
  }

  /** Two domains overlap when one is the other or lies under it: a.example and shop.a.example. */
  public static boolean overlap(String a, String b) {
    return isUnder(a, b) || isUnder(b, a);
  }

  /**
   * The organization's recorded claims that it still makes: in its status and still in its
   * spec.domains. A domain not yet recorded is no claim yet; an unreadable time is none either.
   */
  public static List<Claim> recorded(Organization organization) {
    List<Claim> claims = new ArrayList<>();
    List<String> wanted = organization.getSpec() == null ? null : organization.getSpec().domains;
    if (wanted == null || organization.getStatus() == null || organization.getStatus().domains == null) {
      return claims;
    }
    for (DomainHold hold : organization.getStatus().domains) {
      if (hold.name == null || hold.heldSince == null || !wanted.contains(hold.name)) {
        continue;
      }
      try {
        claims.add(new Claim(organization.getMetadata().getName(), hold.name, Instant.parse(hold.heldSince)));
      } catch (DateTimeParseException e) {
        // not a claim the operator wrote: it holds nothing
      }
    }
    return claims;
  }

  public static List<Claim> recorded(Collection<Organization> organizations) {
    return organizations.stream().flatMap(o -> recorded(o).stream()).toList();
  }

  /**
   * The claims that hold their domain: from the earliest (ties by organization name, then domain),
   * a claim is granted unless it overlaps a domain already granted to another organization. A
   * refused claim keeps its place and is granted once the earlier holder lets go.
   */
  public static Set<Claim> granted(Collection<Claim> claims) {
    Set<Claim> granted = new LinkedHashSet<>();
    claims.stream().sorted(FIRST_COME).forEach(claim -> {
      boolean taken = granted.stream().anyMatch(held -> !held.organization().equals(claim.organization())
          && overlap(held.domain(), claim.domain()));
      if (!taken) {
        granted.add(claim);
      }
    });
    return granted;
  }

  /** The domains the organization holds, given every organization's recorded claims. */
  public static List<String> heldBy(String organization, Collection<Claim> claims) {
    return granted(claims).stream().filter(c -> c.organization().equals(organization)).map(Claim::domain).toList();
  }
}
