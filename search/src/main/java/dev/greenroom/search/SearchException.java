package dev.greenroom.search;

import org.jspecify.annotations.Nullable;

/** The root of the search module's exceptions; names the collator type and entity when known. */
public class SearchException extends RuntimeException {
  private final @Nullable String type;
  private final @Nullable String entityRef;

  /**
   * An error.
   *
   * @param message what went wrong, naming the collator and entity
   * @param type the collator type, when known
   * @param entityRef the entity, when known
   * @param cause the cause, or null
   */
  public SearchException(String message, @Nullable String type, @Nullable String entityRef, @Nullable Throwable cause) {
    super(message, cause);
    this.type = type;
    this.entityRef = entityRef;
  }

  /** The collator type the error concerns, or null. */
  public @Nullable String type() {
    return type;
  }

  /** The entity the error concerns, or null. */
  public @Nullable String entityRef() {
    return entityRef;
  }
}
