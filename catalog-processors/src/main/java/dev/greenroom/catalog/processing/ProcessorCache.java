package dev.greenroom.catalog.processing;

import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A processor's own small store per entity, kept between runs (for example the ETag of the last
 * read). Values written in a run are visible from the next run on; a run that writes nothing keeps
 * the old values. Failed runs count down a time to live, after which the cache is dropped.
 */
public interface ProcessorCache {
  /** The value the previous run stored under {@code key}. */
  Optional<JsonNode> get(String key);

  /** Stores {@code value} under {@code key} for the next run. */
  void set(String key, JsonNode value);
}
