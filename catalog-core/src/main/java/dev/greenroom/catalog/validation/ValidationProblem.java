package dev.greenroom.catalog.validation;

import org.jspecify.annotations.Nullable;

/**
 * Why one document is not a valid entity.
 *
 * @param source the file (or label) the document came from
 * @param documentIndex 0-based index of the document among the file's non-empty documents
 * @param line 1-based line of the field (or of the document) when known, else null
 * @param entityRef the canonical entity reference when it could be worked out, else null
 * @param field dotted path of the offending field ({@code metadata.tags.1}, {@code spec.owner});
 *     empty for the whole document
 * @param rule a short rule id: {@code root-type}, {@code envelope}, {@code annotations-object},
 *     {@code schema}, {@code foreign-root-field}, {@code field-format}, {@code kind-schema},
 *     {@code unknown-kind}, {@code relation-ref}, or a custom policy's rule
 * @param message what is wrong, for people
 * @param backstageMessage the error text Backstage prints for this document, including the error
 *     chain ({@code InputError: Policy check failed for component:default/x; caused by Error:
 *     ...}), comparable with Backstage's own output
 */
public record ValidationProblem(
    String source,
    int documentIndex,
    @Nullable Integer line,
    @Nullable String entityRef,
    String field,
    String rule,
    String message,
    String backstageMessage) {

  /** {@code file:line field: message}, for logs and command-line output. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(source);
    if (line != null) {
      sb.append(':').append(line);
    }
    sb.append(" (document ").append(documentIndex + 1);
    if (entityRef != null) {
      sb.append(", ").append(entityRef);
    }
    sb.append(')');
    if (!field.isEmpty()) {
      sb.append(' ').append(field);
    }
    return sb.append(": ").append(message).toString();
  }
}
