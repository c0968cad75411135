package dev.greenroom.http;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The response side of one exchange, as the routing core writes it. Headers are set first, then
 * exactly one of {@link #commit(int, long)} or {@link #commitEmpty(int)} sends the status line.
 */
public interface ApiResponse {
  /** Sets a response header; only before the response is committed. */
  void setHeader(String name, String value);

  /**
   * Adds a response header beside those of the same name, as {@code Set-Cookie} needs; only
   * before the response is committed. The default replaces ({@link #setHeader}): adapters that
   * can send a header twice override it.
   */
  default void addHeader(String name, String value) {
    setHeader(name, value);
  }

  /**
   * Sends status and headers and returns the body stream.
   *
   * @param status the HTTP status
   * @param contentLength the exact body length, or a negative number when the body is streamed
   *     (chunked)
   */
  OutputStream commit(int status, long contentLength) throws IOException;

  /** Sends status and headers with no body at all. */
  void commitEmpty(int status) throws IOException;

  /** True once the status has been sent. */
  boolean committed();
}
