package dev.greenroom.catalog.processing;

import dev.greenroom.catalog.CatalogException;

/**
 * Thrown by processors, readers and providers to fail with a named {@link ProcessingError}; the
 * engine stores the error on the entity being processed. Any other exception a plug-in throws is
 * stored as a general {@code Error}.
 */
public class ProcessingException extends CatalogException {
  private final ProcessingError error;

  public ProcessingException(ProcessingError error) {
    super(error.message());
    this.error = error;
  }

  public ProcessingException(ProcessingError error, Throwable cause) {
    super(error.message(), cause);
    this.error = error;
  }

  /** The error to store. */
  public ProcessingError error() {
    return error;
  }
}
