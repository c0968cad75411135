package dev.greenroom.spring.boot.internal;

import dev.greenroom.http.GreenroomServlet;
import dev.greenroom.http.HttpApi;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;

/**
 * {@link GreenroomServlet} mounted at {@code basePath + /api/*}: it routes the request URI without
 * the context path, so the request is shown with a context path extended by the base path, and
 * {@code /backstage/api/catalog/entities} reaches {@code /api/catalog/entities}.
 */
public final class BasePathServlet extends GreenroomServlet {
  private static final long serialVersionUID = 1L;

  private final String basePath;

  /** A servlet over {@code api} under {@code basePath} ({@code ""} or {@code /a/b}). */
  public BasePathServlet(HttpApi api, String basePath) {
    super(api);
    this.basePath = Objects.requireNonNull(basePath);
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp)
      throws IOException {
    HttpServletRequest routed = basePath.isEmpty() ? req : new HttpServletRequestWrapper(req) {
      @Override
      public String getContextPath() {
        return super.getContextPath() + basePath;
      }
    };
    super.service(routed, resp);
  }
}
