package dev.greenroom.catalog.processing.state;

import dev.greenroom.catalog.CatalogException;

/** A location with the same type and target is registered already. */
public final class DuplicateLocationException extends CatalogException {
  private final RegisteredLocation existing;

  public DuplicateLocationException(RegisteredLocation existing) {
    super("Location " + existing.type() + ":" + existing.target() + " already exists");
    this.existing = existing;
  }

  /** The location registered before. */
  public RegisteredLocation existing() {
    return existing;
  }
}
