package dev.greenroom.http;

/**
 * An error a route answers with: a Backstage error name and an HTTP status. The routing core turns
 * it into Backstage's error body {@code {error: {name, message}, request, response}}.
 */
public class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String name;
  private final int status;

  /**
   * An error with an explicit name and status.
   *
   * @param name Backstage's error name, for example {@code InputError}
   * @param status the HTTP status, 100 to 599
   * @param message the message shown to the caller
   */
  public ApiException(String name, int status, String message) {
    super(message, null, false, false);
    this.name = name;
    this.status = status;
  }

  /** The Backstage error name. */
  public String name() {
    return name;
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** 400 {@code InputError}. */
  public static ApiException input(String message) {
    return new ApiException("InputError", 400, message);
  }

  /** 401 {@code AuthenticationError}. */
  public static ApiException unauthenticated(String message) {
    return new ApiException("AuthenticationError", 401, message);
  }

  /** 403 {@code NotAllowedError}. */
  public static ApiException notAllowed(String message) {
    return new ApiException("NotAllowedError", 403, message);
  }

  /** 404 {@code NotFoundError}. */
  public static ApiException notFound(String message) {
    return new ApiException("NotFoundError", 404, message);
  }

  /** 409 {@code ConflictError}. */
  public static ApiException conflict(String message) {
    return new ApiException("ConflictError", 409, message);
  }

  /**
   * 429 {@code TooManyRequestsError}: the caller has too much work running; set a {@code
   * Retry-After} header on the call before throwing.
   */
  public static ApiException tooManyRequests(String message) {
    return new ApiException("TooManyRequestsError", 429, message);
  }

  /** 503 {@code ServiceUnavailableError}. */
  public static ApiException unavailable(String message) {
    return new ApiException("ServiceUnavailableError", 503, message);
  }

  /** 413 {@code PayloadTooLargeError}. */
  public static ApiException tooLarge(String message) {
    return new ApiException("PayloadTooLargeError", 413, message);
  }
}
