package dev.greenroom.events;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A web server on 127.0.0.1 that serves files at repository-shaped paths ({@code
 * /org/repo/blob/main/catalog-info.yaml}), which tests change between reads; 404 for anything
 * else.
 */
public final class RepoServer implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, String> files = new ConcurrentHashMap<>();

  public RepoServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      String body = files.get(ex.getRequestURI().getPath());
      byte[] bytes = body == null ? "Not Found".getBytes(StandardCharsets.UTF_8)
          : body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
      ex.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();
  }

  /** {@code host:port}, for a URL reader's allow list. */
  public String hostPort() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** The base URL, {@code http://127.0.0.1:<port>}. */
  public String base() {
    return "http://" + hostPort();
  }

  /** Serves {@code content} at {@code path} from now on. */
  public RepoServer put(String path, String content) {
    files.put(path, content);
    return this;
  }

  /** Answers 404 at {@code path} from now on. */
  public RepoServer remove(String path) {
    files.remove(path);
    return this;
  }

  @Override
  public void close() {
    server.stop(0);
  }

  /** A Component whose description tells versions apart. */
  public static String component(String name, String description) {
    return "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: " + name
        + "\n  description: " + description + "\nspec:\n  type: service\n  lifecycle: production\n"
        + "  owner: team-a\n";
  }

  /** A GitHub push webhook's payload (the fields subscribers read). */
  public static String githubPush(String htmlUrl, String ref) {
    return "{\"ref\":\"" + ref + "\",\"before\":\"0000000000000000000000000000000000000000\","
        + "\"after\":\"1111111111111111111111111111111111111111\",\"repository\":{\"id\":1,"
        + "\"name\":\"repo\",\"full_name\":\"org/repo\",\"html_url\":\"" + htmlUrl + "\","
        + "\"default_branch\":\"main\"},\"commits\":[{\"id\":\"1111111111111111111111111111111111111111\","
        + "\"modified\":[\"catalog-info.yaml\"]}]}";
  }
}
