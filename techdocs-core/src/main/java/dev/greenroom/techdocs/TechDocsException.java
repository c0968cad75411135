package dev.greenroom.techdocs;

import org.jspecify.annotations.Nullable;

/**
 * Why docs could not be resolved, read, built or published. The message names the entity, file and
 * field concerned where they are known; {@link #entityRef()} and {@link #file()} carry them too.
 */
public class TechDocsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final @Nullable String entityRef;
  private final @Nullable String file;

  /** An error with a message only. */
  public TechDocsException(String message) {
    this(message, null, null, null);
  }

  /**
   * An error about a file of an entity's docs.
   *
   * @param message what went wrong
   * @param entityRef the entity, or null
   * @param file the file (relative to the docs source, or a URL), or null
   * @param cause the cause, or null
   */
  public TechDocsException(
      String message, @Nullable String entityRef, @Nullable String file, @Nullable Throwable cause) {
    super(compose(message, entityRef, file), cause);
    this.entityRef = entityRef;
    this.file = file;
  }

  private static String compose(String message, @Nullable String entityRef, @Nullable String file) {
    StringBuilder sb = new StringBuilder(message);
    if (file != null && !message.contains(file)) {
      sb.append(" (file ").append(file).append(')');
    }
    if (entityRef != null && !message.contains(entityRef)) {
      sb.append(" [entity ").append(entityRef).append(']');
    }
    return sb.toString();
  }

  /** The same error, attributed to an entity. */
  public TechDocsException forEntity(String ref) {
    if (entityRef != null) {
      return this;
    }
    TechDocsException e = new TechDocsException(getMessage(), ref, null, getCause());
    e.setStackTrace(getStackTrace());
    return e;
  }

  /** The entity ref concerned, or null. */
  public @Nullable String entityRef() {
    return entityRef;
  }

  /** The file concerned, or null. */
  public @Nullable String file() {
    return file;
  }
}
