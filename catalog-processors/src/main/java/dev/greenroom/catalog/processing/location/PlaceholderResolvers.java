package dev.greenroom.catalog.processing.location;

import dev.greenroom.catalog.io.CatalogReadException;
import dev.greenroom.catalog.io.EntityYamlReader;
import dev.greenroom.catalog.io.RawDocument;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.processing.ProcessingError;
import dev.greenroom.catalog.processing.ProcessingException;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;

/** The built-in placeholder resolvers: {@code $text}, {@code $json} and {@code $yaml}. */
public final class PlaceholderResolvers {
  private static final ObjectReader JSON =
      Json.mapper().readerFor(JsonNode.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private PlaceholderResolvers() {}

  /** {@code $text}: the file's content as a string. */
  public static PlaceholderResolver text() {
    return ctx -> Json.nodes().stringNode(ctx.read().text());
  }

  /** {@code $json}: the file parsed as JSON (with {@link Json}'s depth and string limits). */
  public static PlaceholderResolver json() {
    return ctx -> {
      PlaceholderContext.Content c = ctx.read();
      try {
        return JSON.readValue(c.text());
      } catch (JacksonException e) {
        throw new ProcessingException(
            ProcessingError.input(
                "Placeholder $"
                    + ctx.key()
                    + " failed to parse JSON data at "
                    + ctx.value().asString()
                    + ", "
                    + e.getOriginalMessage()));
      }
    };
  }

  /**
   * {@code $yaml}: the file parsed as YAML, which must hold exactly one document; read with
   * {@link EntityYamlReader}'s alias, depth and node limits, and merge keys off.
   */
  public static PlaceholderResolver yaml() {
    return ctx -> {
      PlaceholderContext.Content c = ctx.read();
      String value = ctx.value().asString();
      List<RawDocument> docs;
      try {
        docs =
            EntityYamlReader.builder()
                .trackLines(false)
                .maxFileBytes(Math.max(1, c.data().length))
                .build()
                .read(value, c.text());
      } catch (CatalogReadException e) {
        throw new ProcessingException(
            ProcessingError.input(
                "Placeholder $" + ctx.key() + " failed to parse YAML data at " + value + ", "
                    + e.getMessage()));
      }
      if (docs.size() != 1) {
        throw new ProcessingException(
            ProcessingError.input(
                "Placeholder $"
                    + ctx.key()
                    + " expected to find exactly one document of data at "
                    + value
                    + ", found "
                    + docs.size()));
      }
      return docs.get(0).root();
    };
  }
}
