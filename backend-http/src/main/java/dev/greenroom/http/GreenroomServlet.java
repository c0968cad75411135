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
    api.handle(new ServletRequestAdapter(req), new ServletResponseAdapter(resp));
  }

  private static final class ServletRequestAdapter implements ApiRequest {
    private final HttpServletRequest req;
    private final HttpHeaders headers;

    ServletRequestAdapter(HttpServletRequest req) {
      this.req = req;
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
      return req.getInputStream();
    }
  }

  private static final class ServletResponseAdapter implements ApiResponse {
    private final HttpServletResponse resp;
    private boolean committed;

    ServletResponseAdapter(HttpServletResponse resp) {
      this.resp = resp;
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
      resp.setStatus(status);
      if (contentLength >= 0) {
        resp.setContentLengthLong(contentLength);
      }
      return resp.getOutputStream();
    }

    @Override
    public void commitEmpty(int status) throws IOException {
      committed = true;
      resp.setStatus(status);
      resp.flushBuffer();
    }

    @Override
    public boolean committed() {
      return committed || resp.isCommitted();
    }
  }
}
