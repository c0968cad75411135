package dev.greenroom.scorecard.report;

import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.InvalidEntityRefException;
import dev.greenroom.catalog.model.Relation;
import dev.greenroom.catalog.model.RelationTypes;
import dev.greenroom.catalog.query.EntityPredicate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The group hierarchy of the catalog, for rolling results up: a group's parents come from its
 * {@code childOf} relations (and {@code spec.parent}), and from the {@code parentOf} relations of
 * other groups; a user's groups from its {@code memberOf} relations (and {@code spec.memberOf}).
 * Cycles are tolerated.
 */
public final class OwnerIndex {
  private final Map<EntityRef, Set<EntityRef>> up = new HashMap<>();

  private OwnerIndex() {}

  /** Reads every group and user of the catalog. */
  public static OwnerIndex of(Catalog catalog) {
    OwnerIndex idx = new OwnerIndex();
    catalog.forEach(EntityPredicate.in("kind", List.of("group", "user")), null, idx::add);
    return idx;
  }

  private void add(Entity e) {
    EntityRef self = e.ref();
    for (Relation r : e.relations()) {
      if (r.type().equals(RelationTypes.CHILD_OF) || r.type().equals(RelationTypes.MEMBER_OF)) {
        link(self, r.targetRef());
      } else if (r.type().equals(RelationTypes.PARENT_OF)) {
        link(r.targetRef(), self);
      }
    }
    if (e.hasSpec()) {
      String parent = e.isKind("group") ? e.specString("parent") : null;
      if (parent != null) {
        ref(parent, e).ifPresent(p -> link(self, p));
      }
      if (e.isKind("user")) {
        for (String g : e.specStrings("memberOf")) {
          ref(g, e).ifPresent(p -> link(self, p));
        }
      }
    }
  }

  private static java.util.Optional<EntityRef> ref(String text, Entity e) {
    try {
      return java.util.Optional.of(EntityRef.parse(text, "group", e.metadata().namespace()));
    } catch (InvalidEntityRefException ex) {
      return java.util.Optional.empty();
    }
  }

  private void link(EntityRef child, EntityRef parent) {
    if (!child.equals(parent)) {
      up.computeIfAbsent(child, k -> new LinkedHashSet<>()).add(parent);
    }
  }

  /** The owner itself and every group above it (a user's groups and their ancestors), nearest first. */
  public Set<EntityRef> rollUp(EntityRef owner) {
    Set<EntityRef> out = new LinkedHashSet<>();
    Deque<EntityRef> todo = new ArrayDeque<>();
    todo.add(owner);
    while (!todo.isEmpty()) {
      EntityRef r = todo.poll();
      if (out.add(r)) {
        todo.addAll(up.getOrDefault(r, Set.of()));
      }
    }
    return out;
  }
}
