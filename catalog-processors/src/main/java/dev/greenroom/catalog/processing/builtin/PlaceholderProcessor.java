package dev.greenroom.catalog.processing.builtin;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.InvalidEntityException;
import dev.greenroom.catalog.processing.CatalogProcessor;
import dev.greenroom.catalog.processing.Emitter;
import dev.greenroom.catalog.processing.LocationSpec;
import dev.greenroom.catalog.processing.ProcessingError;
import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.catalog.processing.ProcessingResult;
import dev.greenroom.catalog.processing.ProcessorContext;
import dev.greenroom.catalog.processing.location.FileLocations;
import dev.greenroom.catalog.processing.location.PlaceholderContext;
import dev.greenroom.catalog.processing.location.PlaceholderResolver;
import dev.greenroom.catalog.processing.location.PlaceholderResolvers;
import dev.greenroom.catalog.processing.location.ScmUrls;
import dev.greenroom.catalog.processing.location.UrlReader;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Replaces placeholders in entities, in {@code preProcess} (Backstage's {@code
 * PlaceholderProcessor}): every object, anywhere in the entity, whose only key is {@code $text},
 * {@code $json}, {@code $yaml} or {@code $<name>} of a resolver the host registered is replaced by
 * what the resolver returns. Objects with other {@code $} keys ({@code $ref} of JSON schemas) or
 * with several keys are left alone.
 *
 * <p>Values name what to read: an absolute URL, or a path relative to the entity's own location.
 * For {@code url} entities the path is resolved against the entity's URL ({@link
 * ScmUrls#resolveUrl}) and the result must be in the same repository (GitHub and GitLab hosts) or
 * on the same host (others) as the entity; absolute URLs are checked the same way. For {@code
 * file} entities the path is resolved against the file's folder and must lie within the allowed
 * {@link FileLocations}, or, when those allow any path, within the entity file's own folder (so
 * {@code ../} cannot wander the disk). Backstage refuses relative placeholders in file entities
 * outright; we allow them within those bounds. Each read is limited in size (default 1 MiB) and
 * emits the refresh key {@code url:<resolved url>} or {@code file:<path>}.
 *
 * <p>Failures throw a {@link ProcessingException} with an {@code InputError} in Backstage's
 * words: {@code Placeholder $text could not read location <value>, <error>}, {@code ... failed to
 * parse JSON data at ...}, {@code ... expected to find exactly one document of data at ..., found
 * N}, {@code ... expected a string value parameter ...}.
 */
public final class PlaceholderProcessor implements CatalogProcessor {
  /** The processor's name, as in Backstage. */
  public static final String NAME = "PlaceholderProcessor";
  /** Default largest file one placeholder may read: 1 MiB. */
  public static final long DEFAULT_MAX_BYTES = 1024L * 1024;

  private final @Nullable UrlReader urlReader;
  private final FileLocations files;
  private final ScmUrls scm;
  private final long maxBytes;
  private final Map<String, PlaceholderResolver> resolvers;

  private PlaceholderProcessor(Builder b) {
    this.urlReader = b.urlReader;
    this.files = b.files;
    this.scm = b.scm;
    this.maxBytes = b.maxBytes;
    this.resolvers = Map.copyOf(b.resolvers);
  }

  /**
   * A builder with the {@code text}, {@code json} and {@code yaml} resolvers, no URL reader (URL
   * placeholders then fail with a clear error), files allowed anywhere (see the class comment for
   * what that means here) and a 1 MiB limit.
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Entity preProcess(Entity entity, ProcessorContext context) {
    if (!entity.anyKey(k -> k.startsWith("$"))) {
      return entity; // no placeholder: nothing to copy
    }
    ObjectNode root = entity.toJson();
    JsonNode result = process(root, context);
    if (result == root) {
      return entity;
    }
    try {
      return Entity.fromJson(result);
    } catch (InvalidEntityException e) {
      throw new ProcessingException(
          ProcessingError.input(
              "Placeholders in " + entity.ref() + " produced an invalid entity: " + e.getMessage()),
          e);
    }
  }

  /** Returns the node with placeholders replaced: the same node when nothing changed. */
  private JsonNode process(JsonNode node, ProcessorContext context) {
    if (node instanceof ArrayNode arr) {
      ArrayNode out = null;
      for (int i = 0; i < arr.size(); i++) {
        JsonNode item = arr.get(i);
        JsonNode p = process(item, context);
        if (p != item) {
          if (out == null) {
            out = arr.deepCopy();
          }
          out.set(i, p);
        }
      }
      return out == null ? arr : out;
    }
    if (!(node instanceof ObjectNode obj)) {
      return node;
    }
    List<String> keys = new ArrayList<>(obj.propertyNames());
    boolean anyDollar = keys.stream().anyMatch(k -> k.startsWith("$"));
    if (!anyDollar) {
      ObjectNode out = null;
      for (String k : keys) {
        JsonNode v = obj.get(k);
        JsonNode p = process(v, context);
        if (p != v) {
          if (out == null) {
            out = obj.deepCopy();
          }
          out.set(k, p);
        }
      }
      return out == null ? obj : out;
    }
    if (keys.size() != 1) {
      return obj;
    }
    String key = keys.get(0).substring(1);
    PlaceholderResolver resolver = resolvers.get(key);
    if (resolver == null) {
      return obj;
    }
    Ctx ctx = new Ctx(key, obj.get(keys.get(0)), context.location(), context);
    try {
      JsonNode value = resolver.resolve(ctx);
      return Objects.requireNonNull(value, "resolver returned null").deepCopy();
    } catch (ProcessingException e) {
      throw e;
    } catch (Exception e) {
      throw new ProcessingException(
          ProcessingError.input(
              "Placeholder $" + key + " failed: " + ProcessingError.of(e).message()),
          e);
    }
  }

  /** The context of one placeholder. */
  private final class Ctx implements PlaceholderContext {
    private final String key;
    private final JsonNode value;
    private final LocationSpec location;
    private final Emitter emitter;

    Ctx(String key, JsonNode value, LocationSpec location, Emitter emitter) {
      this.key = key;
      this.value = value;
      this.location = location;
      this.emitter = emitter;
    }

    @Override
    public String key() {
      return key;
    }

    @Override
    public JsonNode value() {
      return value;
    }

    @Override
    public LocationSpec location() {
      return location;
    }

    @Override
    public Emitter emitter() {
      return emitter;
    }

    @Override
    public Content read() {
      if (!value.isString()) {
        throw input(
            "Placeholder $"
                + key
                + " expected a string value parameter, in the form of an absolute URL or a"
                + " relative path");
      }
      String v = value.stringValue();
      if (ScmUrls.isAbsoluteUrl(v) || location.type().equals("url")) {
        return readUrl(v);
      }
      if (location.type().equals("file")) {
        return readFile(v);
      }
      throw input(
          "Placeholder $"
              + key
              + " could not form a URL out of "
              + location.target()
              + " and "
              + v
              + ", relative paths are supported for url and file locations only");
    }

    private Content readUrl(String v) {
      String resolved;
      try {
        resolved = location.type().equals("url") ? scm.resolveUrl(v, location.target()) : v;
      } catch (IllegalArgumentException e) {
        throw input(
            "Placeholder $" + key + " could not form a URL out of " + location.target() + " and "
                + v + ", " + e.getMessage());
      }
      if (location.type().equals("url")) {
        String own = scm.repositoryOf(location.target());
        String theirs = scm.repositoryOf(resolved);
        if (own == null || !own.equals(theirs)) {
          throw new ProcessingException(
              ProcessingError.notAllowed(
                  "Placeholder $"
                      + key
                      + " could not read location "
                      + v
                      + ", Placeholder may only reference files from the same repository as the"
                      + " entity ("
                      + own
                      + "), not "
                      + resolved));
        }
      }
      UrlReader reader = urlReader;
      if (reader == null) {
        throw input(
            "Placeholder $" + key + " could not read location " + v
                + ", no URL reader is configured for placeholders");
      }
      byte[] data;
      try {
        UrlReader.ReadResponse r = reader.read(resolved, null, maxBytes);
        data = r.content();
      } catch (RuntimeException e) {
        throw input(
            "Placeholder $" + key + " could not read location " + v + ", " + ProcessingError.of(e));
      }
      if (data.length > maxBytes) {
        throw input(
            "Placeholder $" + key + " could not read location " + v + ", " + resolved + " is "
                + data.length + " bytes, larger than the limit of " + maxBytes);
      }
      emitter.emit(ProcessingResult.refresh("url:" + resolved));
      return new Content(LocationSpec.of("url", resolved), data);
    }

    private Content readFile(String v) {
      Path file;
      Path folder;
      try {
        Path own = Path.of(location.target()).toAbsolutePath().normalize();
        folder = own.getParent() == null ? own : own.getParent();
        file = folder.resolve(v).normalize();
      } catch (InvalidPathException e) {
        throw input("Placeholder $" + key + " could not read location " + v + ", " + e.getMessage());
      }
      FileLocations bounds = files.allowsAny() ? FileLocations.within(folder) : files;
      byte[] data;
      try {
        data = bounds.read(file, maxBytes);
      } catch (ProcessingException e) {
        throw input("Placeholder $" + key + " could not read location " + v + ", " + e.error());
      }
      emitter.emit(ProcessingResult.refresh("file:" + file));
      return new Content(LocationSpec.of("file", file.toString()), data);
    }

    private ProcessingException input(String message) {
      return new ProcessingException(ProcessingError.input(message));
    }
  }

  /** Settings for a {@link PlaceholderProcessor}. */
  public static final class Builder {
    private @Nullable UrlReader urlReader;
    private FileLocations files = FileLocations.allowAny();
    private ScmUrls scm = ScmUrls.defaults();
    private long maxBytes = DEFAULT_MAX_BYTES;
    private final Map<String, PlaceholderResolver> resolvers = new LinkedHashMap<>();

    private Builder() {
      resolvers.put("text", PlaceholderResolvers.text());
      resolvers.put("json", PlaceholderResolvers.json());
      resolvers.put("yaml", PlaceholderResolvers.yaml());
    }

    /** The reader for URL placeholders (without one, they fail). */
    public Builder urlReader(UrlReader reader) {
      this.urlReader = reader;
      return this;
    }

    /** The folders file placeholders may read from. */
    public Builder files(FileLocations files) {
      this.files = files;
      return this;
    }

    /** The SCM hosts used to resolve relative URLs and find repositories. */
    public Builder scm(ScmUrls scm) {
      this.scm = scm;
      return this;
    }

    /** Largest file one placeholder may read (default 1 MiB). */
    public Builder maxBytes(long maxBytes) {
      if (maxBytes <= 0) {
        throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
      }
      this.maxBytes = maxBytes;
      return this;
    }

    /**
     * Adds or replaces a resolver, by name without the dollar ({@code openapi} for {@code
     * $openapi}).
     */
    public Builder resolver(String name, PlaceholderResolver resolver) {
      if (name.isEmpty() || name.startsWith("$")) {
        throw new IllegalArgumentException("resolver name must be non-empty and without '$': " + name);
      }
      resolvers.put(name, resolver);
      return this;
    }

    /** The processor. */
    public PlaceholderProcessor build() {
      return new PlaceholderProcessor(this);
    }
  }
}
