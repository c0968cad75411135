package dev.greenroom.catalog.processing;

import dev.greenroom.catalog.model.EntityRef;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A change a provider applies to the entities it owns. A {@link Full} mutation replaces the
 * provider's whole set (what it no longer lists is deleted, with everything those entities led
 * to); a {@link Delta} adds and removes some.
 */
public sealed interface EntityMutation {

  /** The provider's complete set of entities. */
  record Full(List<DeferredEntity> entities) implements EntityMutation {
    public Full {
      entities = List.copyOf(entities);
    }
  }

  /** Entities added (or changed) and removed. */
  record Delta(List<DeferredEntity> added, List<Removal> removed) implements EntityMutation {
    public Delta {
      added = List.copyOf(added);
      removed = List.copyOf(removed);
    }
  }

  /**
   * An entity to remove.
   *
   * @param ref the entity
   * @param locationKey when given, the entity is removed only if it holds this key
   */
  record Removal(EntityRef ref, @Nullable String locationKey) {
    public Removal {
      Objects.requireNonNull(ref, "ref");
    }
  }

  /** Replaces the provider's set with {@code entities}. */
  static EntityMutation full(List<DeferredEntity> entities) {
    return new Full(entities);
  }

  /** Adds {@code added} and removes {@code removed}. */
  static EntityMutation delta(List<DeferredEntity> added, List<Removal> removed) {
    return new Delta(added, removed);
  }
}
