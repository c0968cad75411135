package dev.greenroom.catalog.processing;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.RelationEdge;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a processor emits while it processes one entity: child entities, locations to read,
 * relations, errors and refresh keys. Built with the static factories and matched with {@code
 * instanceof}; the set is closed so that the engine handles every kind.
 */
public sealed interface ProcessingResult {

  /**
   * A child entity, processed later in its own run. The engine sets its {@code
   * backstage.io/managed-by-location} to {@code location} and its {@code
   * managed-by-origin-location} to the parent's origin.
   *
   * @param location where the entity was read
   * @param entity the unprocessed entity
   * @param locationKey the key that claims the entity's ref against other sources (null: none)
   */
  record EntityResult(LocationSpec location, Entity entity, @Nullable String locationKey)
      implements ProcessingResult {
    public EntityResult {
      Objects.requireNonNull(location, "location");
      Objects.requireNonNull(entity, "entity");
    }
  }

  /** A location to read: becomes a generated {@code Location} child entity. */
  record LocationResult(LocationSpec location) implements ProcessingResult {
    public LocationResult {
      Objects.requireNonNull(location, "location");
    }
  }

  /** A relation edge, stored with the emitting entity and stitched onto its source. */
  record RelationResult(RelationEdge relation) implements ProcessingResult {
    public RelationResult {
      Objects.requireNonNull(relation, "relation");
    }
  }

  /** An error: the run fails, the entity keeps its last good data and shows the error. */
  record ErrorResult(ProcessingError error, LocationSpec location) implements ProcessingResult {
    public ErrorResult {
      Objects.requireNonNull(error, "error");
      Objects.requireNonNull(location, "location");
    }
  }

  /** A refresh key: a later {@code refresh(key)} re-processes the entity at once. */
  record RefreshResult(String key) implements ProcessingResult {
    public RefreshResult {
      Objects.requireNonNull(key, "key");
    }
  }

  /** A child entity read at {@code location}, keyed by the location ref. */
  static ProcessingResult entity(LocationSpec location, Entity entity) {
    return new EntityResult(location, entity, location.toString());
  }

  /**
   * A child entity with an explicit location key.
   *
   * @param locationKey the key, or null for none (any later source may then take the ref over)
   */
  static ProcessingResult entity(LocationSpec location, Entity entity, @Nullable String locationKey) {
    return new EntityResult(location, entity, locationKey);
  }

  /** A location to read. */
  static ProcessingResult location(LocationSpec location) {
    return new LocationResult(location);
  }

  /** A relation edge. */
  static ProcessingResult relation(EntityRef source, String type, EntityRef target) {
    return new RelationResult(new RelationEdge(source, type, target));
  }

  /** A relation edge. */
  static ProcessingResult relation(RelationEdge edge) {
    return new RelationResult(edge);
  }

  /** An {@code InputError}: the data at {@code location} is invalid. */
  static ProcessingResult inputError(LocationSpec location, String message) {
    return new ErrorResult(ProcessingError.input(message), location);
  }

  /** A {@code NotFoundError}: {@code location} does not exist. */
  static ProcessingResult notFoundError(LocationSpec location, String message) {
    return new ErrorResult(ProcessingError.notFound(message), location);
  }

  /** A general {@code Error}. */
  static ProcessingResult generalError(LocationSpec location, String message) {
    return new ErrorResult(ProcessingError.general(message), location);
  }

  /** Any error. */
  static ProcessingResult error(LocationSpec location, ProcessingError error) {
    return new ErrorResult(error, location);
  }

  /** A refresh key such as {@code url:https://host/file.yaml}. */
  static ProcessingResult refresh(String key) {
    return new RefreshResult(key);
  }
}
