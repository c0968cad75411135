package dev.greenroom.catalog.processing;

/**
 * What happens to entities that nothing emits any more (their file dropped them, their location was
 * unregistered without eager deletion reaching them).
 */
public enum OrphanStrategy {
  /** Keep them, marked with the annotation {@code backstage.io/orphan: 'true'}. */
  KEEP,
  /** Delete them (Backstage's default since plugin-catalog-backend 3.0.0). */
  DELETE
}
