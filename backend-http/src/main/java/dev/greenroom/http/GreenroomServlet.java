package dev.greenroom.http;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpHeaders;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The same routes as {@link BackendServer}, for hosts that run a servlet container (Jetty, Tomcat,
 * Spring). The routed path is the request URI without the context path, so map the servlet to
 * {@code /*} or {@code /api/*}; routes start with {@code /api/<plugin>}.
 *
 * <p>Entity names may contain percent-encoded characters, {@code %2F} included: containers that
 * reject ambiguous encoded separators by default (Jetty 12) must be configured to let them through
 * (Jetty: {@code UriCompliance.LEGACY} on the connector and {@code
 * ServletHandler.setDecodeAmbiguousURIs(true)}).
 *
 * <p>A container may refuse a request before it reaches the servlet (Jetty 12: a bad percent
 * escape in the path, whatever its URI compliance) and answer with its own error page; a host
 * error handler can answer Backstage's JSON body with {@link HttpApi#errorJson} (see the examples'
 * {@code JettyMountExample}).
 */
public class GreenroomServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  /** The most of an unread body read past (without waiting) to keep the connection open. */
  protected static final int MAX_DRAIN = 64 * 1024;

  private final transient HttpApi api;

  /** A servlet over a built routing core. */
  public GreenroomServlet(HttpApi api) {
    this.api = Objects.requireNonNull(api);
  }

  /** A servlet over a routing core built from these settings. */
  public GreenroomServlet(HttpApi.Builder settings) {
    this(settings.build());
  }

  /** The routing core. */
  public HttpApi api() {
    return api;
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    ServletRequestAdapter request = new ServletRequestAdapter(req, this);
    api.handle(request, new ServletResponseAdapter(resp, request));
  }

  /**
   * Reads past, without waiting, what has arrived of a request body the API left unread (a 401
   * answered from the headers), and tells whether the body has ended; when it has not, the
   * response says {@code Connection: close}. The body is never waited for: an unauthenticated
   * client could hold a worker by trickling it. The default reads what the stream reports
   * available, at most {@link #MAX_DRAIN} bytes (Tomcat reports what it buffered; Jetty 12 reports
   * nothing before a read, so {@code JettyServer} overrides this with Jetty's own {@code
   * consumeAvailable}).
   *
   * @param request the request, as the servlet got it
   * @param remaining the bytes of the body not read yet, or -1 when its length is not known
   * @return true when the body has ended
   * @throws IOException when reading fails
   */
  protected boolean skipArrivedBody(HttpServletRequest request, long remaining)
      throws IOException {
    jakarta.servlet.ServletInputStream in = request.getInputStream();
    byte[] buf = new byte[8192];
    long drained = 0;
    while (!in.isFinished() && drained < MAX_DRAIN && (remaining < 0 || drained < remaining)) {
      int n = in.available();
      if (n <= 0) {
        break;
      }
      int r = in.read(buf, 0, Math.min(n, buf.length));
      if (r < 0) {
        return true;
      }
      drained += r;
    }
    return in.isFinished() || (remaining >= 0 && drained >= remaining);
  }

  private static final class ServletRequestAdapter implements ApiRequest {
    private final HttpServletRequest req;
    private final GreenroomServlet servlet;
    private final HttpHeaders headers;
    /** Bytes of the body read so far through {@link #body()}. */
    private long bodyRead;
    /** The body's end was seen. */
    private boolean bodyEnded;
    private @Nullable InputStream body;

    ServletRequestAdapter(HttpServletRequest req, GreenroomServlet servlet) {
      this.req = req;
      this.servlet = servlet;
      Map<String, List<String>> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      for (String name : Collections.list(req.getHeaderNames())) {
        m.put(name, new ArrayList<>(Collections.list(req.getHeaders(name))));
      }
      this.headers = HttpHeaders.of(m, (a, b) -> true);
    }

    @Override
    public String method() {
      return req.getMethod().toUpperCase(java.util.Locale.ROOT);
    }

    @Override
    public String rawPath() {
      String uri = req.getRequestURI();
      String ctx = req.getContextPath();
      if (ctx != null && !ctx.isEmpty() && uri.startsWith(ctx)) {
        uri = uri.substring(ctx.length());
      }
      return uri.isEmpty() ? "/" : uri;
    }

    @Override
    public @Nullable String rawQuery() {
      return req.getQueryString();
    }

    @Override
    public HttpHeaders headers() {
      return headers;
    }

    @Override
    public InputStream body() throws IOException {
      if (body == null) {
        body = new java.io.FilterInputStream(req.getInputStream()) {
          @Override
          public int read() throws IOException {
            return counted(super.read(), 1);
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            return counted(n, n);
          }
        };
      }
      return body;
    }

    private int counted(int result, int bytes) {
      if (result < 0) {
        bodyEnded = true;
      } else {
        bodyRead += bytes;
      }
      return result;
    }

    /**
     * Whether the request's body has not been read to its end (a 401 or 404 answered from the
     * headers, a 413 after the first bytes), once what has arrived of it is read past ({@link
     * GreenroomServlet#skipArrivedBody}). A container closes such a connection after the response
     * when the rest of the body has not arrived (Jetty 12 does, without saying so once the
     * response is committed), so the response must say {@code Connection: close}, or the client
     * sends its next request on a socket that is closing (the JDK client: "HTTP/1.1 header parser
     * received no bytes").
     */
    boolean bodyLeftUnread() {
      long length = req.getContentLengthLong();
      if (length <= 0 && req.getHeader("Transfer-Encoding") == null) {
        return false;
      }
      if (bodyEnded || (length >= 0 && bodyRead >= length)) {
        return false;
      }
      try {
        return !servlet.skipArrivedBody(req, length < 0 ? -1 : length - bodyRead);
      } catch (IOException | RuntimeException e) { // a reader taken, a body too slow, a reset
        return true;
      }
    }
  }

  private static final class ServletResponseAdapter implements ApiResponse {
    private final HttpServletResponse resp;
    private final ServletRequestAdapter request;
    private boolean committed;

    ServletResponseAdapter(HttpServletResponse resp, ServletRequestAdapter request) {
      this.resp = resp;
      this.request = request;
    }

    /** Says {@code Connection: close} when the request's body was left unread. */
    private void closeIfBodyUnread() {
      if (!resp.isCommitted() && request.bodyLeftUnread()) {
        resp.setHeader("Connection", "close");
      }
    }

    @Override
    public void setHeader(String name, String value) {
      resp.setHeader(name, value);
    }

    @Override
    public void addHeader(String name, String value) {
      resp.addHeader(name, value);
    }

    @Override
    public OutputStream commit(int status, long contentLength) throws IOException {
      committed = true;
      closeIfBodyUnread();
      resp.setStatus(status);
      if (contentLength >= 0) {
        resp.setContentLengthLong(contentLength);
      }
      return resp.getOutputStream();
    }

    @Override
    public void commitEmpty(int status) throws IOException {
      committed = true;
      closeIfBodyUnread();
      resp.setStatus(status);
      resp.flushBuffer();
    }

    @Override
    public boolean committed() {
      return committed || resp.isCommitted();
    }
  }
}
