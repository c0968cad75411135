package dev.greenroom.catalog.processing.builtin;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.processing.CatalogProcessor;
import dev.greenroom.catalog.processing.LocationSpec;
import dev.greenroom.catalog.processing.ProcessingError;
import dev.greenroom.catalog.processing.ProcessingResult;
import dev.greenroom.catalog.processing.ProcessorContext;
import dev.greenroom.catalog.processing.location.UrlReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads {@code url} locations (Backstage's {@code UrlReaderProcessor}, named {@code url-reader}):
 * asks the {@link UrlReader} to {@link UrlReader#search search} the target (so readers that can
 * list repositories support glob targets), parses each file found with the run's parser, and
 * always emits the refresh key {@code url:<target>}.
 *
 * <p>The ETag of the last read and its parse results are kept in the processor cache under {@code
 * v1} (only when every result was an entity); when the reader answers "not modified" the cached
 * results are emitted again. A missing target is a {@code NotFoundError} ({@code Unable to read
 * url, no matching files found for <target>}, or the reader's own message) unless the location is
 * optional; any other failure is a general error naming the URL, cut at 5,000 characters.
 */
public final class UrlReaderProcessor implements CatalogProcessor {
  /** The processor's name, as in Backstage. */
  public static final String NAME = "url-reader";
  /** The cache key of the ETag and parse results. */
  public static final String CACHE_KEY = "v1";

  private final UrlReader reader;

  /** A processor reading with {@code reader}. */
  public UrlReaderProcessor(UrlReader reader) {
    this.reader = reader;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean readLocation(LocationSpec location, ProcessorContext context) {
    if (!location.type().equals("url")) {
      return false;
    }
    try {
      Optional<JsonNode> cached = context.cache().get(CACHE_KEY);
      String etag =
          cached.map(c -> c.path("etag")).filter(JsonNode::isString).map(JsonNode::stringValue).orElse(null);
      UrlReader.SearchResponse response = reader.search(location.target(), etag);
      if (response.notModified()) {
        if (cached.isPresent() && reemit(cached.get(), context)) {
          return true;
        }
        response = reader.search(location.target(), null);
      }
      List<ProcessingResult> results = new ArrayList<>();
      for (UrlReader.FoundFile file : response.files()) {
        context.parser().parse(LocationSpec.of("url", file.url()), file.content(), r -> {
          results.add(r);
          context.emit(r);
        });
      }
      if (response.files().isEmpty() && !location.optional()) {
        context.emit(
            ProcessingResult.notFoundError(
                location,
                "Unable to read url, no matching files found for " + location.target()));
      }
      String newEtag = response.etag();
      if (newEtag != null && results.stream().allMatch(r -> r instanceof ProcessingResult.EntityResult)) {
        context.cache().set(CACHE_KEY, toCache(newEtag, results));
      }
    } catch (Exception e) {
      ProcessingError err = ProcessingError.of(e);
      String message = "Unable to read url, " + err;
      if (err.name().equals("NotFoundError")) {
        if (!location.optional()) {
          context.emit(ProcessingResult.notFoundError(location, message));
        }
      } else {
        context.emit(ProcessingResult.generalError(location, message));
      }
    } finally {
      context.emit(ProcessingResult.refresh("url:" + location.target()));
    }
    return true;
  }

  private static ObjectNode toCache(String etag, List<ProcessingResult> results) {
    ObjectNode root = Json.object();
    root.put("etag", etag);
    ArrayNode value = root.putArray("value");
    for (ProcessingResult r : results) {
      ProcessingResult.EntityResult e = (ProcessingResult.EntityResult) r;
      ObjectNode item = value.addObject();
      item.put("type", "entity");
      item.put("location", e.location().toString());
      item.set("entity", e.entity().toJson());
      if (e.locationKey() != null) {
        item.put("locationKey", e.locationKey());
      } else {
        item.putNull("locationKey");
      }
    }
    return root;
  }

  /** Emits cached results; false (emitting nothing) if the cache is not of the expected shape. */
  private static boolean reemit(JsonNode cached, ProcessorContext context) {
    JsonNode value = cached.path("value");
    if (!value.isArray()) {
      return false;
    }
    List<ProcessingResult> results = new ArrayList<>();
    try {
      for (JsonNode item : value) {
        LocationSpec loc = LocationSpec.parse(item.path("location").asString());
        Entity entity = Entity.fromJson(item.path("entity"));
        JsonNode key = item.path("locationKey");
        @Nullable String locationKey = key.isString() ? key.stringValue() : null;
        results.add(ProcessingResult.entity(loc, entity, locationKey));
      }
    } catch (RuntimeException e) {
      return false;
    }
    results.forEach(context::emit);
    return true;
  }
}
