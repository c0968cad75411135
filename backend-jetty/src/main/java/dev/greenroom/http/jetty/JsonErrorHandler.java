package dev.greenroom.http.jetty;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
    byte[] body = json(code, message, request.getMethod(), request.getHttpURI().getPathQuery())
        .getBytes(StandardCharsets.UTF_8);
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
    return ByteBuffer.wrap(json(status, reason, "", "").getBytes(StandardCharsets.UTF_8));
  }

  /** Backstage's error body; the name follows Backstage's error classes for the status. */
  static String json(int status, @Nullable String message, @Nullable String method,
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
    String text = message == null || message.isBlank()
        ? HttpStatus.getMessage(status) : message;
    return "{\"error\":{\"name\":\"" + name + "\",\"message\":\"" + escape(text)
        + "\"},\"request\":{\"method\":\"" + escape(method == null ? "" : method)
        + "\",\"url\":\"" + escape(url == null ? "" : url)
        + "\"},\"response\":{\"statusCode\":" + status + "}}";
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder(Math.min(s.length(), 512) + 8);
    int n = Math.min(s.length(), 2000); // a hostile URL is not echoed in full
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    if (s.length() > n) {
      b.append("...");
    }
    return b.toString();
  }
}
