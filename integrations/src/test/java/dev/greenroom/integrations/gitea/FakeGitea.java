package dev.greenroom.integrations.gitea;

import static dev.greenroom.integrations.testing.FakeRepo.json;
import static dev.greenroom.integrations.testing.FakeRepo.quote;
import static dev.greenroom.integrations.testing.FakeRepo.send;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.greenroom.integrations.testing.FakeRepo;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local Gitea API v1, written from Gitea's swagger reference ("repoGetContents",
 * "repoGetSingleCommit", "repoGetArchive"), serving one repository {@code acme/catalog} on branch
 * {@code main} from a folder: contents as JSON with the file in base64 (ETag of its blob id, 304
 * on a match; a folder as a JSON array), the commit of a ref, and {@code archive/{ref}.tar.gz}
 * with the repository's name as top folder. A private repository takes {@code Authorization:
 * token <t>} or Basic {@code user:password}; a wrong one answers 401, none 404.
 */
public final class FakeGitea implements AutoCloseable {
  public static final String OWNER = "acme";
  public static final String REPO = "catalog";

  /** One logged request. */
  public record Request(String path, String query, String authorization) {}

  private static final Pattern API = Pattern.compile("^/api/v1/repos/([^/]+)/([^/]+)(/.*)$");

  private final HttpServer server;
  private final FakeRepo repo;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile String user;
  private volatile String password;
  private volatile byte[] archiveOverride;

  public FakeGitea(Path folder) throws IOException {
    this.repo = new FakeRepo(folder);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Makes the repository private, readable by this user (or any name, if null) and password. */
  public FakeGitea credentials(String user, String password) {
    this.user = user;
    this.password = password;
    return this;
  }

  /** Serves these bytes as every archive. */
  public FakeGitea archive(byte[] tarGz) {
    this.archiveOverride = tarGz;
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

  /** A web URL, e.g. {@code src/branch/main/catalog-info.yaml}. */
  public String webUrl(String rest) {
    return baseUrl() + "/" + OWNER + "/" + REPO + "/" + rest;
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private boolean authorized(String auth) {
    if (password == null) {
      return true;
    }
    if (auth.equalsIgnoreCase("token " + password)) {
      return true; // a token names its user
    }
    if (auth.startsWith("Basic ")) {
      String pair = new String(Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8);
      return pair.equals((user == null ? "" : user) + ":" + password)
          || user == null && pair.endsWith(":" + password);
    }
    return false;
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getRawPath();
      String rawQuery = ex.getRequestURI().getRawQuery();
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      requests.add(new Request(path, rawQuery == null ? "" : rawQuery, auth == null ? "" : auth));
      if (password != null) {
        if (auth == null) {
          json(ex, 404, "{\"errors\":null,\"message\":\"not found\",\"url\":\"" + baseUrl() + "/api/swagger\"}");
          return;
        }
        if (!authorized(auth)) {
          json(ex, 401, "{\"message\":\"user does not exist [uid: 0, name: ]\",\"url\":\"" + baseUrl() + "/api/swagger\"}");
          return;
        }
      }
      Matcher m = API.matcher(path);
      if (!m.matches() || !m.group(1).equals(OWNER) || !m.group(2).equals(REPO)) {
        notFound(ex);
        return;
      }
      String rest = m.group(3);
      Map<String, String> q = FakeRepo.query(rawQuery);
      if (rest.startsWith("/git/commits/")) {
        String ref = FakeRepo.decode(rest.substring("/git/commits/".length()));
        if (!ref.equals("main") && !ref.equals(repo.commitSha())) {
          json(ex, 404, "{\"message\":\"object does not exist [id: " + ref + ", rel_path: ]\"}");
          return;
        }
        json(ex, 200, "{\"url\":\"" + baseUrl() + "/api/v1/repos/acme/catalog/git/commits/"
            + repo.commitSha() + "\",\"sha\":\"" + repo.commitSha() + "\",\"created\":\"2023-11-14T22:13:20Z\","
            + "\"commit\":{\"message\":\"fixture\\n\"}}");
      } else if (rest.startsWith("/archive/")) {
        String name = FakeRepo.decode(rest.substring("/archive/".length()));
        if (!name.equals("main.tar.gz") && !name.equals(repo.commitSha() + ".tar.gz")) {
          notFound(ex);
          return;
        }
        send(ex, 200, "application/octet-stream",
            archiveOverride != null ? archiveOverride : repo.tarGz(REPO, ""));
      } else if (rest.startsWith("/contents/")) {
        String file = FakeRepo.decode(rest.substring("/contents/".length()));
        String ref = q.getOrDefault("ref", "main");
        if (!ref.equals("main") && !ref.equals(repo.commitSha())) {
          notFound(ex);
          return;
        }
        byte[] content = repo.file(file);
        if (content == null) {
          if (repo.isFolder(file)) {
            json(ex, 200, "[]");
            return;
          }
          notFound(ex);
          return;
        }
        String sha = FakeRepo.sha("blob", content);
        String etag = "\"" + sha + "\"";
        ex.getResponseHeaders().add("ETag", etag);
        if (etag.equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
          ex.sendResponseHeaders(304, -1);
          return;
        }
        json(ex, 200, "{\"name\":" + quote(file.substring(file.lastIndexOf('/') + 1)) + ",\"path\":"
            + quote(file) + ",\"sha\":\"" + sha + "\",\"type\":\"file\",\"size\":" + content.length
            + ",\"encoding\":\"base64\",\"content\":\"" + Base64.getEncoder().encodeToString(content)
            + "\",\"last_commit_sha\":\"" + repo.commitSha() + "\"}");
      } else {
        notFound(ex);
      }
    }
  }

  private static void notFound(HttpExchange ex) throws IOException {
    json(ex, 404, "{\"errors\":[\"object does not exist\"],\"message\":\"GetContentsOrList\"}");
  }
}
