package dev.greenroom.catalog.processing.state;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import org.jspecify.annotations.Nullable;

/**
 * Two sources submitted the same ref with different location keys; the first keeps it.
 *
 * @param ref the contested ref
 * @param existingLocationKey the key of the row that keeps the ref
 * @param newLocationKey the key of the newcomer, which was dropped
 * @param rejected the newcomer's unprocessed entity
 */
public record Conflict(
    EntityRef ref,
    @Nullable String existingLocationKey,
    @Nullable String newLocationKey,
    Entity rejected) {}
