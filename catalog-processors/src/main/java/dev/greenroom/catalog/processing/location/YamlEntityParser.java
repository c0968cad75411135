package dev.greenroom.catalog.processing.location;

import dev.greenroom.catalog.io.CatalogReadException;
import dev.greenroom.catalog.io.EntityYamlReader;
import dev.greenroom.catalog.io.RawDocument;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.InvalidEntityException;
import dev.greenroom.catalog.processing.Emitter;
import dev.greenroom.catalog.processing.EntityParser;
import dev.greenroom.catalog.processing.LocationSpec;
import dev.greenroom.catalog.processing.ProcessingError;
import dev.greenroom.catalog.processing.ProcessingResult;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The default {@link EntityParser}: Backstage's multi-document YAML reading on {@link
 * EntityYamlReader}, with its limits. Empty documents are skipped; each other document becomes an
 * entity result, or an error naming the file, the 1-based document and the field when it lacks the
 * envelope every entity needs. A YAML syntax error or an exceeded limit is one error for the file.
 */
public final class YamlEntityParser implements EntityParser {
  private final EntityYamlReader reader;

  /** A parser over {@code reader}. */
  public YamlEntityParser(EntityYamlReader reader) {
    this.reader = reader;
  }

  /** A parser with the default limits and no line tracking. */
  public static YamlEntityParser create() {
    return new YamlEntityParser(EntityYamlReader.builder().trackLines(false).build());
  }

  @Override
  public void parse(LocationSpec location, byte[] data, Emitter emit) {
    List<RawDocument> docs;
    try {
      docs = reader.read(location.target(), new String(data, StandardCharsets.UTF_8));
    } catch (CatalogReadException e) {
      emit.emit(ProcessingResult.generalError(location, e.getMessage()));
      return;
    }
    for (RawDocument doc : docs) {
      if (!doc.root().isObject()) {
        emit.emit(ProcessingResult.generalError(location,
            "Expected object at root, got " + Json.typeName(doc.root()) + " in " + location.target()
                + " document " + (doc.index() + 1)));
        continue;
      }
      try {
        emit.emit(ProcessingResult.entity(location, Entity.fromJson(doc.root())));
      } catch (InvalidEntityException e) {
        emit.emit(ProcessingResult.error(location, ProcessingError.input(
            "Malformed entity envelope in " + location.target() + " document " + (doc.index() + 1)
                + ": " + e.getMessage())));
      }
    }
  }
}
