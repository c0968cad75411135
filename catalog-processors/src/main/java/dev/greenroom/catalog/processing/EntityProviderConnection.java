package dev.greenroom.catalog.processing;

import java.util.Collection;

/** A provider's handle on the engine. Thread-safe. */
public interface EntityProviderConnection {
  /**
   * Applies a mutation to the provider's entities and returns once it is stored; processing
   * follows in the background.
   *
   * @throws IllegalArgumentException if an entity lacks the envelope or the location annotations
   */
  void applyMutation(EntityMutation mutation);

  /** Schedules every entity that holds one of {@code keys} (refresh keys) for processing now. */
  void refresh(Collection<String> keys);
}
