package dev.greenroom.catalog.query;

import dev.greenroom.catalog.CatalogException;

/** A filter, predicate, ordering, projection or cursor that cannot be understood; maps to HTTP 400. */
public final class InvalidQueryException extends CatalogException {
  public InvalidQueryException(String message) {
    super(message);
  }
}
