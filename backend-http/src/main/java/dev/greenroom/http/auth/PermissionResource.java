package dev.greenroom.http.auth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A plugin's resource type for conditional decisions (Backstage's {@code addResourceType}): its
 * name ({@code catalog-entity}), the {@link PermissionRule}s that test it, and how one resource is
 * loaded from the {@code resourceRef} a permission request names. A plugin returns its resources
 * from {@code ApiPlugin.permissionResources()}; the routing core then serves {@code POST
 * /api/<plugin>/.well-known/backstage/permissions/apply-conditions} and lists the rules in the
 * plugin's permission metadata.
 *
 * @param <R> the resource
 */
public final class PermissionResource<R> {
  private final String resourceType;
  private final Map<String, PermissionRule<R>> rules;
  private final Function<String, Optional<R>> loader;

  private PermissionResource(String resourceType, List<? extends PermissionRule<R>> rules,
      Function<String, Optional<R>> loader) {
    if (!resourceType.matches("[a-z0-9][a-z0-9-]*")) {
      throw new IllegalArgumentException("resource types are lower-case words joined by dashes: "
          + resourceType);
    }
    this.resourceType = resourceType;
    Map<String, PermissionRule<R>> m = new LinkedHashMap<>();
    for (PermissionRule<R> r : rules) {
      if (!r.name().matches("[A-Z][A-Z0-9_]*")) {
        throw new IllegalArgumentException("rule names are upper-case words joined by"
            + " underscores: " + r.name());
      }
      if (m.putIfAbsent(r.name(), r) != null) {
        throw new IllegalArgumentException("two rules named " + r.name() + " for "
            + resourceType);
      }
    }
    this.rules = java.util.Collections.unmodifiableMap(m);
    this.loader = loader;
  }

  /**
   * A resource type.
   *
   * @param resourceType Backstage's resource type, for example {@code catalog-entity}
   * @param rules the rules, names unique
   * @param loader the resource a {@code resourceRef} names, or empty when there is none (a
   *     condition on a missing resource is a denial); must not throw for malformed refs
   */
  public static <R> PermissionResource<R> of(String resourceType,
      List<? extends PermissionRule<R>> rules, Function<String, Optional<R>> loader) {
    return new PermissionResource<>(Objects.requireNonNull(resourceType, "resourceType"),
        List.copyOf(rules), Objects.requireNonNull(loader, "loader"));
  }

  /** The resource type. */
  public String resourceType() {
    return resourceType;
  }

  /** The rules by name, in the order given. */
  public Map<String, PermissionRule<R>> rules() {
    return rules;
  }

  /**
   * Throws {@link IllegalArgumentException} when the criteria name a rule this resource type does
   * not have, or a condition of another resource type.
   */
  public void check(PermissionCriteria criteria) {
    criteria.conditions().forEach(c -> {
      if (!rules.containsKey(c.rule())) {
        throw new IllegalArgumentException("Permission rule '" + c.rule()
            + "' does not exist for resource type '" + resourceType + "'");
      }
      if (c.resourceType() != null && !c.resourceType().equals(resourceType)) {
        throw new IllegalArgumentException("Condition of rule '" + c.rule()
            + "' is for resource type '" + c.resourceType() + "', not '" + resourceType + "'");
      }
    });
  }

  /** Loads the resource {@code ref} names. */
  public Optional<R> load(String ref) {
    return loader.apply(ref);
  }

  /**
   * Whether {@code criteria} allow {@code resource}; false for a missing resource, so that the
   * answer never tells a missing resource from a forbidden one (as Backstage does).
   *
   * @throws IllegalArgumentException for unknown rules or parameters a rule refuses
   */
  public boolean allows(PermissionCriteria criteria, Optional<R> resource) {
    check(criteria);
    if (resource.isEmpty()) {
      return false;
    }
    R r = resource.get();
    return criteria.test(c -> rules.get(c.rule()).apply(r, c.params()));
  }
}
