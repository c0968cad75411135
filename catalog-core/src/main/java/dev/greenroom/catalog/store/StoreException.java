package dev.greenroom.catalog.store;

import dev.greenroom.catalog.CatalogException;

/** A store could not read or write; after a failed write, the previous state is intact. */
public class StoreException extends CatalogException {
  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
