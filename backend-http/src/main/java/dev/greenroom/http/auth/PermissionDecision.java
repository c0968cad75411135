package dev.greenroom.http.auth;

import dev.greenroom.catalog.query.EntityPredicate;
import java.util.Objects;

/** What a {@link PermissionPolicy} decides for one permission. */
public sealed interface PermissionDecision {
  /** Allowed without conditions. */
  static PermissionDecision allow() {
    return Allow.INSTANCE;
  }

  /** Denied: writes answer 403, list reads come back empty. */
  static PermissionDecision deny() {
    return Deny.INSTANCE;
  }

  /**
   * Allowed for the entities matching {@code filter} only: AND-ed into queries and facets, holes
   * in by-refs answers, 403 for writes on other entities.
   */
  static PermissionDecision conditional(EntityPredicate filter) {
    return new Conditional(filter);
  }

  /** Allowed. */
  enum Allow implements PermissionDecision {
    /** The only instance. */
    INSTANCE
  }

  /** Denied. */
  enum Deny implements PermissionDecision {
    /** The only instance. */
    INSTANCE
  }

  /**
   * Allowed for matching entities.
   *
   * @param filter which entities
   */
  record Conditional(EntityPredicate filter) implements PermissionDecision {
    public Conditional {
      Objects.requireNonNull(filter, "filter");
    }
  }
}
