package dev.greenroom.catalog.validation;

import dev.greenroom.catalog.model.Entity;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of validating one document: a normalized entity, or the problems. Exactly one of
 * the two is present.
 *
 * @param source the file (or label) of the document
 * @param documentIndex 0-based index among the file's non-empty documents
 * @param entity the valid, normalized entity (namespace defaulted), or null when invalid
 * @param problems the problems; empty when valid. The first is the one Backstage reports.
 */
public record ValidationResult(
    String source, int documentIndex, @Nullable Entity entity, List<ValidationProblem> problems) {

  /** Copies the problem list. */
  public ValidationResult {
    problems = List.copyOf(problems);
  }

  /** True when the document is a valid entity. */
  public boolean isValid() {
    return entity != null;
  }

  /** The entity, when valid. */
  public Optional<Entity> validEntity() {
    return Optional.ofNullable(entity);
  }

  /** The first problem's Backstage error text, when invalid. */
  public Optional<String> backstageMessage() {
    return problems.isEmpty() ? Optional.empty() : Optional.of(problems.get(0).backstageMessage());
  }
}
