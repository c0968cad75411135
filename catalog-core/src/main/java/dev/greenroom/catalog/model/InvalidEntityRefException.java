package dev.greenroom.catalog.model;

import dev.greenroom.catalog.CatalogException;

/** Thrown when text is not an entity reference; the message is Backstage's own wording. */
public final class InvalidEntityRefException extends CatalogException {
  public InvalidEntityRefException(String message) {
    super(message);
  }
}
