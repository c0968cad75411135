package dev.greenroom.auth.provider;

/**
 * A failed step of an OIDC sign-in, with the error name the app is shown (Backstage's error
 * names). Messages name the issuer's host and the check that failed, never a secret or a token.
 */
final class OidcException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What failed, and the error name the app sees. */
  enum Kind {
    /** The state, nonce or origin of a callback does not belong to this sign-in. */
    NOT_ALLOWED("NotAllowedError"),
    /** The identity provider or its tokens were refused. */
    AUTHENTICATION("AuthenticationError"),
    /** The identity provider no longer honours the refresh token: the cookie can go. */
    INVALID_GRANT("AuthenticationError"),
    /** The identity provider could not be used (unreachable, malformed answers). */
    UNAVAILABLE("AuthenticationError");

    final String errorName;

    Kind(String errorName) {
      this.errorName = errorName;
    }
  }

  private final Kind kind;

  OidcException(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  Kind kind() {
    return kind;
  }

  /** The error name posted to the app. */
  String errorName() {
    return kind.errorName;
  }
}
