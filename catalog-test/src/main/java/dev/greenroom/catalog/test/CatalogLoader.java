package dev.greenroom.catalog.test;

import dev.greenroom.catalog.io.CatalogReadException;
import dev.greenroom.catalog.io.EntityYamlReader;
import dev.greenroom.catalog.io.RawDocument;
import dev.greenroom.catalog.processing.CatalogProcessor;
import dev.greenroom.catalog.processing.ProcessorKindValidator;
import dev.greenroom.catalog.validation.EntityPolicy;
import dev.greenroom.catalog.validation.EntityValidator;
import dev.greenroom.catalog.validation.KindValidator;
import dev.greenroom.catalog.validation.ValidationProblem;
import dev.greenroom.catalog.validation.ValidationResult;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * Reads and validates catalog files the way Backstage's catalog backend judges each document:
 * catalog-core's {@link EntityYamlReader} (Backstage's multi-document reading, with limits and the
 * line of every field) and {@link EntityValidator} (envelope, the four default policies, the kind
 * schemas of {@code BuiltinKindsEntityProcessor} and the scaffolder's Template, and the references
 * of the built-in relation fields). Not run: placeholders ({@code $text}, ...) and reading the
 * targets of Location entities; they need the files or URLs they point at.
 *
 * <p>Custom kinds: register the {@link CatalogProcessor} that validates them ({@link
 * Builder#processor}); its {@code validateKind} is consulted as the engine does.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class CatalogLoader {
  private final EntityYamlReader reader;
  private final EntityValidator validator;

  private CatalogLoader(EntityYamlReader reader, EntityValidator validator) {
    this.reader = reader;
    this.validator = validator;
  }

  /** A loader with Backstage's defaults. */
  public static CatalogLoader create() {
    return builder().build();
  }

  /** A builder starting from Backstage's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Validates every document of one file; never throws for bad content (see {@link CheckedDocument}). */
  public List<CheckedDocument> check(Path file) {
    List<RawDocument> docs;
    try {
      docs = reader.read(file);
    } catch (CatalogReadException e) {
      return List.of(readError(file, Math.max(e.documentIndex(), 0), e.line(), "yaml",
          e.getMessage()));
    } catch (UncheckedIOException e) {
      return List.of(readError(file, 0, 0, "io", e.getMessage() + ": " + e.getCause().getMessage()));
    }
    return check(file, docs);
  }

  /** Validates documents already read from {@code file}. */
  public List<CheckedDocument> check(Path file, List<RawDocument> docs) {
    List<CheckedDocument> out = new ArrayList<>(docs.size());
    for (RawDocument d : docs) {
      ValidationResult r = validator.validate(d);
      String ref = r.entity() != null ? r.entity().ref().toString()
          : r.problems().isEmpty() ? null : r.problems().get(0).entityRef();
      if (ref == null) {
        ref = refOf(d.root());
      }
      out.add(new CheckedDocument(file, d.index(), d.line(), ref, r.entity(), r.problems(), d));
    }
    return out;
  }

  /** Reads a file's documents (for callers that look before validating); throws on YAML errors. */
  public List<RawDocument> read(Path file) {
    return reader.read(file);
  }

  /**
   * Loads the files that {@code patterns} name (files, folders searched recursively for YAML, or
   * globs), relative ones resolved against {@code base}; see {@link CatalogFileFinder}.
   */
  public LoadedCatalog load(Path base, List<String> patterns) {
    return loadFiles(CatalogFileFinder.find(base, patterns));
  }

  /** Loads files and folders (folders searched recursively for {@code .yaml}/{@code .yml}). */
  public LoadedCatalog load(Path... filesOrFolders) {
    return load(Path.of(""), Arrays.stream(filesOrFolders).map(Path::toString).toList());
  }

  /** Loads exactly these files. */
  public LoadedCatalog loadFiles(List<Path> files) {
    List<CheckedDocument> docs = new ArrayList<>();
    for (Path f : files) {
      docs.addAll(check(f));
    }
    return new LoadedCatalog(files, docs);
  }

  private static CheckedDocument readError(Path file, int index, int line, String rule, String msg) {
    ValidationProblem p = new ValidationProblem(file.toString(), index, line > 0 ? line : null, null,
        "", rule, msg, msg);
    return new CheckedDocument(file, index, line, null, null, List.of(p), null);
  }

  /** Backstage's {@code stringifyEntityRef} of a raw document, or null without kind and name. */
  static String refOf(JsonNode root) {
    JsonNode kind = root.path("kind");
    JsonNode name = root.path("metadata").path("name");
    if (!kind.isString() || !name.isString()) {
      return null;
    }
    JsonNode ns = root.path("metadata").path("namespace");
    String namespace = ns.isString() && !ns.stringValue().isEmpty() ? ns.stringValue() : "default";
    return (kind.stringValue() + ":" + namespace + "/" + name.stringValue()).toLowerCase(Locale.ROOT);
  }

  /** Configures a {@link CatalogLoader}. */
  public static final class Builder {
    private EntityYamlReader reader = EntityYamlReader.create();
    private final EntityValidator.Builder validator = EntityValidator.builder();

    private Builder() {}

    /** The YAML reader (its limits); must track lines for field lines in messages. */
    public Builder reader(EntityYamlReader reader) {
      this.reader = reader;
      return this;
    }

    /** Adds a validator for a custom kind, tried after the built-in ones. */
    public Builder kindValidator(KindValidator kindValidator) {
      validator.addKindValidator(kindValidator);
      return this;
    }

    /** Adds a policy after Backstage's default ones (as {@code CatalogBuilder.addEntityPolicy}). */
    public Builder policy(EntityPolicy policy) {
      validator.addPolicy(policy);
      return this;
    }

    /**
     * Consults a processor's {@link CatalogProcessor#validateKind} after the built-in kinds, as the
     * engine does; the other stages are not run.
     */
    public Builder processor(CatalogProcessor processor) {
      validator.addKindValidator(new ProcessorKindValidator(processor));
      return this;
    }

    /** The loader. */
    public CatalogLoader build() {
      return new CatalogLoader(reader, validator.build());
    }
  }
}
