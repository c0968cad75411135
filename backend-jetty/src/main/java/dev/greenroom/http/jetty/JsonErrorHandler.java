package dev.greenroom.http.jetty;

import dev.greenroom.http.HttpApi;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * Errors Jetty answers itself (a malformed request line or URI, headers too large, a client too
 * slow, a server too busy) in Backstage's shape: {@code {error: {name, message}, request:
 * {method, url}, response: {statusCode}}}, never an HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {
  @Override
  protected void generateResponse(Request request, Response response, int code,
      @Nullable String message, @Nullable Throwable cause, Callback callback) {
    byte[] body = json(code, message, request.getMethod(), request.getHttpURI().getPathQuery());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
    if (code == HttpStatus.SERVICE_UNAVAILABLE_503 || code == HttpStatus.TOO_MANY_REQUESTS_429) {
      response.getHeaders().put(HttpHeader.RETRY_AFTER, "5");
    }
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  @Override
  public ByteBuffer badMessageError(int status, @Nullable String reason, HttpFields.Mutable fields) {
    fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8"));
    return ByteBuffer.wrap(json(status, reason, "", ""));
  }

  /**
   * Backstage's error body (written by {@link HttpApi#errorJson}); the name follows Backstage's
   * error classes for the status, and a hostile URL is not echoed in full.
   */
  static byte[] json(int status, @Nullable String message, @Nullable String method,
      @Nullable String url) {
    String name = switch (status) {
      case 400, 414, 431 -> "InputError";
      case 401 -> "AuthenticationError";
      case 403 -> "NotAllowedError";
      case 404 -> "NotFoundError";
      case 408 -> "RequestTimeoutError";
      case 409 -> "ConflictError";
      case 413 -> "PayloadTooLargeError";
      case 429 -> "TooManyRequestsError";
      case 503 -> "ServiceUnavailableError";
      default -> status >= 500 ? "Error" : "InputError";
    };
    String text = message == null || message.isBlank() ? HttpStatus.getMessage(status) : message;
    return HttpApi.errorJson(method == null ? "" : method, abbreviate(url == null ? "" : url),
        status, name, abbreviate(text));
  }

  private static String abbreviate(String s) {
    return s.length() > MAX_ECHO ? s.substring(0, MAX_ECHO) + "..." : s;
  }

  /** The most characters of a URL or message echoed back. */
  private static final int MAX_ECHO = 2000;
}
