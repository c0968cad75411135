package dev.greenroom.catalog.processing.state;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * A row claimed for processing.
 *
 * @param ref the entity
 * @param entityId the row's stable id, which becomes {@code metadata.uid}
 * @param unprocessed the entity as its source submitted it
 * @param resultHash the hash of the last stored outcome, or null before the first run
 * @param locationKey the row's location key
 * @param cache the processors' caches: an object keyed by processor name (empty when none)
 */
public record ClaimedEntity(
    EntityRef ref,
    String entityId,
    Entity unprocessed,
    @Nullable String resultHash,
    @Nullable String locationKey,
    ObjectNode cache) {}
