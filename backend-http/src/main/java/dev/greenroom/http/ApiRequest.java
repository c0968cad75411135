package dev.greenroom.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP request as the routing core sees it, independent of the server that received it. The
 * two adapters ({@link BackendServer} over the JDK's {@code HttpServer}, {@link GreenroomServlet}
 * in a servlet container) implement it; a host with another server can too.
 */
public interface ApiRequest {
  /** The method in upper case, for example {@code GET}. */
  String method();

  /**
   * The path as it arrived, still percent-encoded, starting with {@code /api/} for plugin routes
   * (for a servlet: the request URI without the context path).
   */
  String rawPath();

  /** The query string as it arrived (percent-encoded, without {@code ?}), or null. */
  @Nullable String rawQuery();

  /** The request headers (case-insensitive names). */
  HttpHeaders headers();

  /** The body; read at most once. */
  InputStream body() throws IOException;
}
