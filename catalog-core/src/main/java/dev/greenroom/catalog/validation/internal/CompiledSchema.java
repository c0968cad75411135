package dev.greenroom.catalog.validation.internal;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.greenroom.catalog.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** A draft-07 schema compiled once by networknt, reporting errors the way ajv would. */
public final class CompiledSchema {
  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);

  private final JsonNode source;
  private final Schema schema;
  private final FastSchema fast;

  private CompiledSchema(JsonNode source) {
    this.source = source;
    this.schema = REGISTRY.getSchema(source);
    this.fast = FastSchema.compile(source);
  }

  /** Compiles a schema tree. */
  public static CompiledSchema of(JsonNode schema) {
    return new CompiledSchema(schema);
  }

  /** Compiles a schema from a class-path resource next to {@code anchor}. */
  public static CompiledSchema resource(Class<?> anchor, String name) {
    try (InputStream in = anchor.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("Missing schema resource " + name);
      }
      return new CompiledSchema(Json.mapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The schema as written. */
  public JsonNode source() {
    return source;
  }

  /**
   * True only when {@code instance} certainly passes, decided by {@link FastSchema} without running
   * networknt; false when it fails or when that cannot be told cheaply.
   */
  public boolean plainlyValid(JsonNode instance) {
    return fast.plainlyValid(instance);
  }

  /** The errors for {@code instance} in ajv's order; empty when valid. */
  public List<AjvErrors.AjvError> validate(JsonNode instance) {
    List<com.networknt.schema.Error> errors = schema.validate(instance);
    if (errors.isEmpty()) {
      return List.of();
    }
    return AjvErrors.translate(errors, source, instance);
  }
}
