package dev.greenroom.catalog.processing.location;

import dev.greenroom.catalog.processing.EntityParser;
import dev.greenroom.catalog.processing.LocationSpec;
import dev.greenroom.catalog.processing.ProcessingResult;
import dev.greenroom.catalog.processing.ProcessorCache;
import dev.greenroom.catalog.processing.ProcessorContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/** A processor context for tests: records emitted results; a map as cache. */
public final class TestContext implements ProcessorContext {
  public final List<ProcessingResult> results = new ArrayList<>();
  public final Map<String, JsonNode> cache = new HashMap<>();
  private final LocationSpec location;
  private final EntityParser parser;

  public TestContext(LocationSpec location) {
    this(location, YamlEntityParser.create());
  }

  public TestContext(LocationSpec location, EntityParser parser) {
    this.location = location;
    this.parser = parser;
  }

  /** A fresh context for the next run, keeping the cache (as the engine does). */
  public TestContext nextRun() {
    TestContext next = new TestContext(location, parser);
    next.cache.putAll(cache);
    return next;
  }

  @Override
  public void emit(ProcessingResult result) {
    results.add(result);
  }

  @Override
  public LocationSpec location() {
    return location;
  }

  @Override
  public LocationSpec originLocation() {
    return location;
  }

  @Override
  public ProcessorCache cache() {
    return new ProcessorCache() {
      @Override
      public Optional<JsonNode> get(String key) {
        return Optional.ofNullable(cache.get(key));
      }

      @Override
      public void set(String key, JsonNode value) {
        cache.put(key, value);
      }
    };
  }

  @Override
  public EntityParser parser() {
    return parser;
  }

  public List<ProcessingResult.EntityResult> entities() {
    return results.stream()
        .filter(r -> r instanceof ProcessingResult.EntityResult)
        .map(r -> (ProcessingResult.EntityResult) r)
        .collect(Collectors.toList());
  }

  public List<ProcessingResult.ErrorResult> errors() {
    return results.stream()
        .filter(r -> r instanceof ProcessingResult.ErrorResult)
        .map(r -> (ProcessingResult.ErrorResult) r)
        .collect(Collectors.toList());
  }

  public List<String> refreshKeys() {
    return results.stream()
        .filter(r -> r instanceof ProcessingResult.RefreshResult)
        .map(r -> ((ProcessingResult.RefreshResult) r).key())
        .collect(Collectors.toList());
  }
}
