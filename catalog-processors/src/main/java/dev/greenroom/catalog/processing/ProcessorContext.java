package dev.greenroom.catalog.processing;

/**
 * What a processor sees of the run it takes part in: where the entity came from, how to emit
 * results, its own cache, and the parser for catalog files. One context per processor per run;
 * not to be kept after the call returns.
 */
public interface ProcessorContext extends Emitter {
  /** The location the entity was read from ({@code backstage.io/managed-by-location}). */
  LocationSpec location();

  /** The root registration that led to the entity ({@code managed-by-origin-location}). */
  LocationSpec originLocation();

  /** This processor's cache for this entity. */
  ProcessorCache cache();

  /** The parser for catalog files, for processors that read locations. */
  EntityParser parser();
}
