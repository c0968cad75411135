package dev.greenroom.catalog.msgraph;

/**
 * The module's one error: a bad {@code catalog.providers.microsoftGraphOrg} entry (naming the
 * key), or a read that failed (naming the provider, the tenant and client id, the path; never the
 * client secret or a token).
 */
public class MicrosoftGraphException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An error with its message. */
  public MicrosoftGraphException(String message) {
    super(message);
  }

  /** An error with its message and cause. */
  public MicrosoftGraphException(String message, Throwable cause) {
    super(message, cause);
  }
}
