package dev.greenroom.events.http;

/**
 * What a {@link RequestValidator} may do with a request, as Backstage's {@code
 * RequestValidationContext}: reject it. A request no validator rejected is published.
 */
public interface RequestValidationContext {
  /**
   * Refuses the request: it is answered with {@code status} and {@code {"message": message}},
   * and nothing is published.
   *
   * @param status an HTTP status from 400 to 499
   * @param message a short reason; never put a secret or what was compared in it
   */
  void reject(int status, String message);
}
