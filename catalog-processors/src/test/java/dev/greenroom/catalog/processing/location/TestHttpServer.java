package dev.greenroom.catalog.processing.location;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A JDK HTTP server on 127.0.0.1 serving fixed files, with ETags and redirects, for tests. */
public final class TestHttpServer implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, byte[]> files = new HashMap<>();
  private final Map<String, String> etags = new HashMap<>();
  private final Map<String, String> redirects = new HashMap<>();
  public final List<Map<String, List<String>>> requestHeaders = new CopyOnWriteArrayList<>();
  public final List<String> requestPaths = new CopyOnWriteArrayList<>();

  public TestHttpServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  public synchronized TestHttpServer file(String path, String content, String etag) {
    return file(path, content.getBytes(StandardCharsets.UTF_8), etag);
  }

  public synchronized TestHttpServer file(String path, byte[] content, String etag) {
    files.put(path, content);
    if (etag != null) {
      etags.put(path, etag);
    }
    return this;
  }

  public synchronized TestHttpServer redirect(String path, String location) {
    redirects.put(path, location);
    return this;
  }

  public String hostPort() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  public String url(String path) {
    return "http://" + hostPort() + path;
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getRawPath();
    requestPaths.add(path);
    requestHeaders.add(Map.copyOf(ex.getRequestHeaders()));
    byte[] body;
    String etag;
    String redirect;
    synchronized (this) {
      body = files.get(path);
      etag = etags.get(path);
      redirect = redirects.get(path);
    }
    if (redirect != null) {
      ex.getResponseHeaders().add("Location", redirect);
      ex.sendResponseHeaders(302, -1);
      ex.close();
      return;
    }
    if (body == null) {
      ex.sendResponseHeaders(404, -1);
      ex.close();
      return;
    }
    if (etag != null) {
      ex.getResponseHeaders().add("ETag", etag);
      if (etag.equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
        ex.sendResponseHeaders(304, -1);
        ex.close();
        return;
      }
    }
    // chunked (length 0) so that the size limit is enforced while streaming
    ex.sendResponseHeaders(200, 0);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
