package dev.greenroom.catalog.processing;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.validation.KindCheck;

/**
 * A plug-in that takes part in processing every entity, in stages (Backstage's {@code
 * CatalogProcessor}). Every stage is optional and its default does nothing, so a processor
 * implements only the stages it cares about and answers "not mine" cheaply in the others.
 *
 * <p>One run of one entity calls, in order: {@link #preProcess} of every processor (each sees the
 * previous one's output), the entity policies, {@link #validateKind} of every processor (at least
 * one must accept the entity), {@link #readLocation} for each target when the entity is a {@code
 * Location}, and {@link #postProcess} of every processor. Processors run in ascending {@link
 * #priority()}, then in registration order.
 *
 * <p>Implementations must be thread-safe: the engine runs many entities at once. A method that
 * throws fails the entity's run; the error, naming the processor and stage, is stored on the
 * entity, whose last good data stays served. Throw a {@link ProcessingException} to choose the
 * error's name.
 */
public interface CatalogProcessor {

  /** A unique, stable name; also the key of the processor's cache. */
  String name();

  /** Lower runs earlier; the default is 20, as in Backstage. */
  default int priority() {
    return 20;
  }

  /**
   * Reads a location, emitting entity, location, error and refresh results, if this processor
   * handles its type.
   *
   * @param location the location to read; {@link LocationSpec#optional()} says whether a missing
   *     target is acceptable
   * @param context the run: emit results here; {@link ProcessorContext#parser()} parses files
   * @return true if this processor handled the location (even if it emitted errors), false if the
   *     location's type is not this processor's
   */
  default boolean readLocation(LocationSpec location, ProcessorContext context) throws Exception {
    return false;
  }

  /**
   * Changes an entity before it is validated: fills in data, resolves placeholders.
   *
   * @return the entity to continue with (the argument when nothing changed)
   */
  default Entity preProcess(Entity entity, ProcessorContext context) throws Exception {
    return entity;
  }

  /**
   * Says whether the entity is of a kind this processor knows, and valid.
   *
   * @return {@link KindCheck#accepted()}, {@link KindCheck#notMine()} (the default), or {@link
   *     KindCheck#invalid(String, String)} with the field and message
   */
  default KindCheck validateKind(Entity entity) throws Exception {
    return KindCheck.notMine();
  }

  /**
   * Works on a valid entity: emits relations, derives data.
   *
   * @return the entity to continue with (the argument when nothing changed)
   */
  default Entity postProcess(Entity entity, ProcessorContext context) throws Exception {
    return entity;
  }
}
