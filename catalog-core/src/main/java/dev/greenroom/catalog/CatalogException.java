package dev.greenroom.catalog;

/**
 * The root of every unchecked exception that catalog-core throws. Subtypes say what went wrong;
 * where it is known, the message names the source file, the entity reference and the field.
 */
public class CatalogException extends RuntimeException {
  public CatalogException(String message) {
    super(message);
  }

  public CatalogException(String message, Throwable cause) {
    super(message, cause);
  }
}
