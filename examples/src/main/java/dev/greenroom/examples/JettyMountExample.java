package dev.greenroom.examples;

import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.http.GreenroomServlet;
import dev.greenroom.http.HttpApi;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Mounting Greenroom's HTTP API inside an existing servlet container: a Jetty 12 (ee10) server
 * that already serves the host's own servlet at {@code /hello} also serves the catalog API at
 * {@code /api/*} through {@link GreenroomServlet}, next to it, in the same context.
 *
 * <p>Two Jetty settings matter: the servlet is mapped to {@code /api/*} (Greenroom routes on the
 * path after the context path, and its routes start with {@code /api/<plugin>}), and entity names
 * that hold an encoded slash ({@code %2F}) need {@code UriCompliance.LEGACY} on the connector and
 * {@code setDecodeAmbiguousURIs(true)} on the servlet handler, since Jetty 12 refuses them by
 * default.
 *
 * <p>Jetty refuses some request targets before any servlet sees them (a bad percent escape in the
 * path, {@code /api/catalog/entities/by-name/component/default/%zz}, whatever the URI
 * compliance) and answers with its server error handler, an HTML page by default. {@link
 * BackstageErrorHandler} answers those with Backstage's JSON error body instead, as the routes do.
 *
 * <p>Run: {@code java -cp examples/target/greenroom-example.jar
 * dev.greenroom.examples.JettyMountExample [CATALOG_FILE]}, then {@code curl
 * localhost:8080/api/catalog/entities}.
 */
public final class JettyMountExample {
  private JettyMountExample() {}

  /**
   * Jetty's server error handler answering Backstage's JSON error body ({@link HttpApi#errorJson}):
   * for errors Jetty raises before the request reaches a servlet, such as a request target it
   * cannot decode. Jetty keeps neither the method nor the target of a request it could not parse,
   * so the body's {@code request} holds what Jetty reports ({@code BAD /badMessage}).
   */
  public static final class BackstageErrorHandler extends ErrorHandler {
    @Override
    protected void generateResponse(
        Request request, Response response, int code, String message, Throwable cause,
        Callback callback) {
      String name = switch (code) {
        case 400 -> "InputError";
        case 401 -> "AuthenticationError";
        case 403 -> "NotAllowedError";
        case 404 -> "NotFoundError";
        case 413 -> "PayloadTooLargeError";
        default -> "Error";
      };
      byte[] body = HttpApi.errorJson(request.getMethod(), request.getHttpURI().getPathQuery(),
          code, name, message == null ? HttpStatus.getMessage(code) : message);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
      response.write(true, ByteBuffer.wrap(body), callback);
    }
  }

  /** The host's own servlet, which was there before Greenroom. */
  public static final class HelloServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setContentType("text/plain; charset=utf-8");
      resp.getOutputStream().write("hello from the host\n".getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * Builds and starts the Jetty server.
   *
   * @param engine the catalog to serve (started by the caller)
   * @param port the port; 0 picks a free one
   */
  public static Server start(CatalogEngine engine, int port) throws Exception {
    Server server = new Server();
    HttpConfiguration http = new HttpConfiguration();
    http.setUriCompliance(UriCompliance.LEGACY);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setPort(port);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.getServletHandler().setDecodeAmbiguousURIs(true);
    context.addServlet(new ServletHolder(new HelloServlet()), "/hello");
    context.addServlet(new ServletHolder(new GreenroomServlet(HttpApi.builder().catalog(engine))),
        "/api/*");
    server.setHandler(context);
    server.setErrorHandler(new BackstageErrorHandler());
    server.start();
    return server;
  }

  /** Entry point: serves a catalog file (default: the bundled sample's all.yaml) on port 8080. */
  public static void main(String[] args) throws Exception {
    Path catalog = args.length > 0 ? Path.of(args[0])
        : LoadAndQuery.extractSample(Path.of("data", "sample-catalog")).resolve("all.yaml");
    CatalogEngine engine = CatalogEngine.builder()
        .rules(CatalogRules.allowAll())
        .location("file", catalog.toAbsolutePath().toString())
        .build();
    engine.start();
    engine.awaitIdle(Duration.ofMinutes(1));
    Server server = start(engine, 8080);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.stop();
      } catch (Exception e) {
        // shutting down anyway
      }
      engine.close();
    }));
    System.out.println("Serving " + catalog + " at http://127.0.0.1:8080/api/catalog/entities");
    server.join();
  }
}
