package dev.greenroom.search;

/**
 * A query the engine refuses: an unknown type, a page size above the limit, a term too long or a
 * page cursor it did not hand out. The HTTP route answers it with 400 and this message.
 */
public final class InvalidQueryException extends SearchException {
  /** A refusal with a message that names the parameter and the value. */
  public InvalidQueryException(String message) {
    super(message, null, null, null);
  }
}
