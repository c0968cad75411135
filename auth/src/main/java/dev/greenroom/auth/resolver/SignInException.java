package dev.greenroom.auth.resolver;

/** A sign-in that cannot be resolved to a user; the message says why and is shown to the user. */
public final class SignInException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure with a message for the user. */
  public SignInException(String message) {
    super(message);
  }
}
