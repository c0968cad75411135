package dev.greenroom.catalog.processing;

/**
 * What a Location entity does when a target it reads is gone (a {@code NotFoundError}: the file
 * was deleted, the repository removed, a URL answers 404). Configured as {@code
 * catalog.locationNotFoundStrategy}, the name proposed for Backstage in its pull request #28968
 * (issues #28638 and #18054).
 */
public enum LocationNotFoundStrategy {
  /**
   * The run fails with the {@code NotFoundError}; the entities read from the target before keep
   * their last good data (Backstage's behaviour, and the default).
   */
  KEEP,
  /**
   * A missing target reads as an empty one: the Location succeeds without the target's entities,
   * which become orphans and go the way the {@link OrphanStrategy} says (deleted by default). When
   * the target comes back, its entities come back at the next read. A host that answers 404 for
   * a file it cannot show (a private repository without a token) removes its entities too.
   */
  DELETE
}
