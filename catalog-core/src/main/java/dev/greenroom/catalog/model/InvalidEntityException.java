package dev.greenroom.catalog.model;

import dev.greenroom.catalog.CatalogException;

/** Thrown when a JSON tree lacks the envelope that every entity needs. */
public final class InvalidEntityException extends CatalogException {
  private final String field;

  public InvalidEntityException(String field, String message) {
    super(message);
    this.field = field;
  }

  /** The dotted path of the offending field, or empty for the root. */
  public String field() {
    return field;
  }
}
