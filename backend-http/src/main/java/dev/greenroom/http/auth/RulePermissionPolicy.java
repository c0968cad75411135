package dev.greenroom.http.auth;

import dev.greenroom.catalog.query.EntityPredicate;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A permission policy a deployer writes without Java: an ordered list of rules, the first that
 * matches decides, everything else is allowed (as Backstage's allow-all policy does once
 * permissions are enabled). A rule names permissions (exact names or globs such as {@code
 * catalog.location.*}), may be limited to callers (users, or members of groups through the
 * ownership refs of their token) and may apply to owners only: {@code ifOwner} turns an allow into
 * a condition on the entity ({@code spec.owner} resolved, that is {@code relations.ownedBy}, is
 * one of the caller's ownership refs).
 *
 * <pre>{@code
 * RulePermissionPolicy policy = RulePermissionPolicy.builder()
 *     .rule(Rule.allow("catalog.entity.delete").groups("group:default/admins"))
 *     .rule(Rule.allow("catalog.entity.delete", "catalog.entity.refresh").ifOwner())
 *     .rule(Rule.deny("catalog.entity.delete", "catalog.location.delete"))
 *     .build();
 * }</pre>
 */
public final class RulePermissionPolicy implements PermissionPolicy {
  private final List<Rule> rules;

  private RulePermissionPolicy(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The rules, in order. */
  public List<Rule> rules() {
    return rules;
  }

  @Override
  public PermissionDecision decide(Principal principal, Permission permission) {
    for (Rule r : rules) {
      if (!r.appliesTo(principal, permission)) {
        continue;
      }
      if (!r.allow) {
        return PermissionDecision.deny();
      }
      if (r.ifOwner) {
        List<String> refs = principal instanceof UserPrincipal u
            ? u.ownershipEntityRefs().stream().map(x -> x.toLowerCase(Locale.ROOT)).toList()
            : List.of();
        if (refs.isEmpty()) {
          continue; // nobody to own anything: the next rule decides
        }
        return PermissionDecision.conditional(EntityPredicate.in("relations.ownedBy", refs));
      }
      return PermissionDecision.allow();
    }
    return PermissionDecision.allow();
  }

  /** One rule: allow or deny some permissions, for some callers. */
  public static final class Rule {
    private final boolean allow;
    private final List<String> names;
    private final List<Pattern> patterns;
    private final List<String> users = new ArrayList<>();
    private final List<String> groups = new ArrayList<>();
    private boolean ifOwner;

    private Rule(boolean allow, List<String> names) {
      if (names.isEmpty()) {
        throw new IllegalArgumentException("a rule names at least one permission");
      }
      this.allow = allow;
      this.names = List.copyOf(names);
      this.patterns = names.stream().map(Rule::glob).toList();
    }

    /** Allows these permissions (names or globs). */
    public static Rule allow(String... permissions) {
      return new Rule(true, List.of(permissions));
    }

    /** Denies these permissions (names or globs). */
    public static Rule deny(String... permissions) {
      return new Rule(false, List.of(permissions));
    }

    /** Only for these users (entity refs, such as {@code user:default/jane}). */
    public Rule users(String... userRefs) {
      for (String u : userRefs) {
        users.add(u.toLowerCase(Locale.ROOT));
      }
      return this;
    }

    /** Only for members of these groups (refs in the caller's ownership refs). */
    public Rule groups(String... groupRefs) {
      for (String g : groupRefs) {
        groups.add(g.toLowerCase(Locale.ROOT));
      }
      return this;
    }

    /** Only on entities the caller owns (entity permissions; other permissions skip the rule). */
    public Rule ifOwner() {
      if (!allow) {
        throw new IllegalArgumentException("ifOwner applies to allow rules");
      }
      this.ifOwner = true;
      return this;
    }

    boolean appliesTo(Principal principal, Permission permission) {
      if (patterns.stream().noneMatch(p -> p.matcher(permission.backstageName()).matches())) {
        return false;
      }
      if (ifOwner && !permission.entityResource()) {
        return false;
      }
      if (users.isEmpty() && groups.isEmpty()) {
        return true;
      }
      String name = principal.getName() == null ? "" : principal.getName().toLowerCase(Locale.ROOT);
      if (users.contains(name)) {
        return true;
      }
      if (principal instanceof UserPrincipal u) {
        for (String ref : u.ownershipEntityRefs()) {
          if (groups.contains(ref.toLowerCase(Locale.ROOT))) {
            return true;
          }
        }
      }
      return false;
    }

    @Override
    public String toString() {
      return (allow ? "allow " : "deny ") + names + (users.isEmpty() ? "" : " users " + users)
          + (groups.isEmpty() ? "" : " groups " + groups) + (ifOwner ? " if owner" : "");
    }

    private static Pattern glob(String name) {
      Objects.requireNonNull(name, "permission");
      if (!name.matches("[a-z0-9*.-]+")) {
        throw new IllegalArgumentException("not a permission name or glob: '" + name + "'");
      }
      return Pattern.compile(Pattern.quote(name).replace("*", "\\E[a-z0-9.-]*\\Q"));
    }
  }

  /** Configures a {@link RulePermissionPolicy}. */
  public static final class Builder {
    private final List<Rule> rules = new ArrayList<>();

    private Builder() {}

    /** Adds a rule after those already added. */
    public Builder rule(Rule rule) {
      rules.add(Objects.requireNonNull(rule, "rule"));
      return this;
    }

    /** The policy. */
    public RulePermissionPolicy build() {
      return new RulePermissionPolicy(rules);
    }
  }
}
