package dev.greenroom.events.http;

/**
 * Checks that a webhook comes from whom it claims, as Backstage's {@code RequestValidator}: a
 * signature over the raw body ({@link GithubSignatureValidator}), a shared token ({@link
 * GitlabTokenValidator}). Called on the request's thread before anything is published; compare
 * secrets in constant time and never log them.
 */
@FunctionalInterface
public interface RequestValidator {
  /** Calls {@link RequestValidationContext#reject} when the request must not be published. */
  void validate(RequestDetails request, RequestValidationContext context);
}
