package dev.greenroom.integrations.gerrit;

import static dev.greenroom.integrations.testing.FakeRepo.send;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.greenroom.integrations.testing.FakeRepo;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local Gerrit with its Gitiles plugin, written from Gerrit's REST API reference ("Get Branch",
 * "Get Content", "Get Content From Commit": JSON behind the {@code )]}'} prefix, file contents in
 * base64) and Gitiles' {@code +archive} (a {@code .tar.gz} of a folder with paths relative to it,
 * no top folder), serving one project {@code platform/catalog} with branch {@code main} from a
 * folder. Gitiles lives under {@code /plugins/gitiles}, as Gerrit's plugin serves it. With a
 * password, only {@code /a/} URLs with Basic {@code user:password} are answered (401 otherwise).
 */
public final class FakeGerrit implements AutoCloseable {
  public static final String PROJECT = "platform/catalog";

  private final HttpServer server;
  private final FakeRepo repo;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile String user;
  private volatile String password;

  public FakeGerrit(Path folder) throws IOException {
    this.repo = new FakeRepo(folder);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  public FakeGerrit credentials(String user, String password) {
    this.user = user;
    this.password = password;
    return this;
  }

  public FakeRepo repo() {
    return repo;
  }

  public String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  public String baseUrl() {
    return "http://" + host();
  }

  public String gitilesBaseUrl() {
    return baseUrl() + "/plugins/gitiles";
  }

  /** A Gitiles URL, e.g. {@code +/refs/heads/main/catalog-info.yaml}. */
  public String gitilesUrl(String rest) {
    return gitilesBaseUrl() + "/" + PROJECT + "/" + rest;
  }

  /** Raw paths asked, in order. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String raw = ex.getRequestURI().getRawPath();
      requests.add(raw);
      String path = raw;
      if (password != null) {
        String expected = "Basic " + Base64.getEncoder().encodeToString(
            (user + ":" + password).getBytes(StandardCharsets.UTF_8));
        if (!raw.startsWith("/a/") || !expected.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
          text(ex, 401, "Unauthorized");
          return;
        }
      }
      if (path.startsWith("/a/")) {
        path = path.substring(2);
      }
      if (path.startsWith("/projects/")) {
        api(ex, path.substring("/projects/".length()));
      } else if (path.startsWith("/plugins/gitiles/")) {
        gitiles(ex, path.substring("/plugins/gitiles/".length()));
      } else {
        text(ex, 404, "Not Found");
      }
    }
  }

  /** {@code {project}/branches/{b}[/files/{path}/content]} or {@code {project}/commits/{sha}/files/...}. */
  private void api(HttpExchange ex, String rest) throws IOException {
    String[] seg = rest.split("/");
    if (seg.length < 3 || !FakeRepo.decode(seg[0]).equals(PROJECT)) {
      text(ex, 404, "Not found: " + FakeRepo.decode(seg[0]));
      return;
    }
    String ref = FakeRepo.decode(seg[2]);
    boolean branch = seg[1].equals("branches");
    if (!(branch && ref.equals("main") || seg[1].equals("commits") && ref.equals(repo.commitSha()))) {
      text(ex, 404, "Not found: " + ref);
      return;
    }
    if (seg.length == 3 && branch) {
      byte[] body = (")]}'\n{\"web_links\":[],\"ref\":\"refs/heads/main\",\"revision\":\""
          + repo.commitSha() + "\"}").getBytes(StandardCharsets.UTF_8);
      send(ex, 200, "application/json; charset=utf-8", body);
      return;
    }
    if (seg.length == 6 && seg[3].equals("files") && seg[5].equals("content")) {
      byte[] content = repo.file(FakeRepo.decode(seg[4]));
      if (content == null) {
        text(ex, 404, "Not found: " + FakeRepo.decode(seg[4]));
        return;
      }
      ex.getResponseHeaders().add("X-FYI-Content-Encoding", "base64");
      send(ex, 200, "text/plain; charset=ISO-8859-1",
          Base64.getEncoder().encode(content));
      return;
    }
    text(ex, 404, "Not Found");
  }

  /** {@code {project}/+archive/(refs/heads/{b}|{sha})[/{path}].tar.gz}. */
  private void gitiles(HttpExchange ex, String rest) throws IOException {
    int plus = rest.indexOf("/+archive/");
    if (plus < 0 || !FakeRepo.decode(rest.substring(0, plus)).equals(PROJECT) || !rest.endsWith(".tar.gz")) {
      text(ex, 404, "Not Found");
      return;
    }
    String spec = rest.substring(plus + "/+archive/".length(), rest.length() - ".tar.gz".length());
    String folder;
    if (spec.equals("refs/heads/main") || spec.equals(repo.commitSha())) {
      folder = "";
    } else if (spec.startsWith("refs/heads/main/")) {
      folder = spec.substring("refs/heads/main/".length());
    } else if (spec.startsWith(repo.commitSha() + "/")) {
      folder = spec.substring(41);
    } else {
      text(ex, 404, "Not Found");
      return;
    }
    List<String> parts = new ArrayList<>();
    for (String p : folder.split("/")) {
      if (!p.isEmpty()) {
        parts.add(FakeRepo.decode(p));
      }
    }
    String f = String.join("/", parts);
    if (!repo.isFolder(f)) {
      text(ex, 404, "Not Found");
      return;
    }
    send(ex, 200, "application/x-gzip", repo.tarGz("", f));
  }

  private static void text(HttpExchange ex, int status, String body) throws IOException {
    send(ex, status, "text/plain; charset=UTF-8", body.getBytes(StandardCharsets.UTF_8));
  }
}
