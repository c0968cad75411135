package dev.greenroom.catalog.test;

import dev.greenroom.catalog.io.RawDocument;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.validation.ValidationProblem;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One document of a catalog file after validation: the entity when valid, else the problems (the
 * first is the one Backstage reports). A file that cannot be read as YAML yields one document
 * holding the read error.
 *
 * @param file the file
 * @param document 0-based index among the file's non-empty documents (Backstage's count)
 * @param line 1-based line where the document starts (of the error, for a read error), 0 if unknown
 * @param ref the canonical entity ref when kind and name could be read, else null
 * @param entity the valid, normalized entity, or null
 * @param problems why the document is invalid; empty when valid
 * @param raw the document as read, for field lines; null for a read error
 */
public record CheckedDocument(
    Path file,
    int document,
    int line,
    @Nullable String ref,
    @Nullable Entity entity,
    List<ValidationProblem> problems,
    @Nullable RawDocument raw) {

  /** Copies the problems. */
  public CheckedDocument {
    problems = List.copyOf(problems);
  }

  /** True when the document is a valid entity. */
  public boolean valid() {
    return entity != null;
  }

  /** The line of a field (dotted path), falling back to its parents and the document. */
  public int lineOf(String field) {
    return raw == null ? line : raw.lineOf(field);
  }
}
