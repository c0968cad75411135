package dev.greenroom.integrations.azure;

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
 * A local Azure DevOps Services Git REST API (version 6.0), written from Microsoft's reference
 * ("Items - Get", "Commits - Get Commits"), serving one repository {@code acme/catalog/_git/catalog}
 * from a folder: a file's content (raw, with an ETag of its git blob id, 304 on a match), a folder
 * as a zip ({@code recursionLevel=full&download=true}, the folder asked for as the zip's top
 * folder, as Azure answers) and the newest commit of {@code main}. A private repository takes a
 * personal access token as Basic {@code :token}; a wrong token answers 203 with a sign-in page, as
 * Azure does, none answers 401.
 */
public final class FakeAzure implements AutoCloseable {
  public static final String ORG = "acme";
  public static final String PROJECT = "catalog";
  public static final String REPO = "catalog";

  /** One logged request: path, query and Authorization. */
  public record Request(String path, String query, String authorization, String accept) {}

  private static final Pattern API = Pattern.compile(
      "^/([^/]+)/([^/]+)/_apis/git/repositories/([^/]+)/(items|commits)$");

  private final HttpServer server;
  private final FakeRepo repo;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile String token;
  private volatile byte[] zipOverride;
  // Entra ID: tenant, client and secret of an app registration, and the access tokens issued
  private volatile String tenant;
  private volatile String clientId;
  private volatile String clientSecret;
  private final java.util.Set<String> accessTokens = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.atomic.AtomicInteger tokenRequests = new java.util.concurrent.atomic.AtomicInteger();

  public FakeAzure(Path folder) throws IOException {
    this.repo = new FakeRepo(folder);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Makes the repository private, readable with this personal access token. */
  public FakeAzure token(String pat) {
    this.token = pat;
    return this;
  }

  /**
   * Makes the repository private, readable with an Entra ID access token issued by this server's
   * token endpoint ({@code POST /{tenant}/oauth2/v2.0/token}, client credentials grant) to this
   * client.
   */
  public FakeAzure entraApp(String tenant, String clientId, String clientSecret) {
    this.tenant = tenant;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    return this;
  }

  /** Entra ID's authority: this server. */
  public String authority() {
    return "http://" + host();
  }

  /** How many token requests were answered. */
  public int tokenRequests() {
    return tokenRequests.get();
  }

  /** Serves these bytes as every zip. */
  public FakeAzure zip(byte[] zip) {
    this.zipOverride = zip;
    return this;
  }

  public FakeRepo repo() {
    return repo;
  }

  /** {@code 127.0.0.1:port}, the host of the integration. */
  public String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** The browser URL of the repository with a query, e.g. {@code path=/a.yaml&version=GBmain}. */
  public String webUrl(String query) {
    return "http://" + host() + "/" + ORG + "/" + PROJECT + "/_git/" + REPO + (query.isEmpty() ? "" : "?" + query);
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getRawPath();
      String rawQuery = ex.getRequestURI().getRawQuery();
      Map<String, String> q = FakeRepo.query(rawQuery);
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      requests.add(new Request(path, rawQuery == null ? "" : rawQuery, auth == null ? "" : auth,
          String.valueOf(ex.getRequestHeaders().getFirst("Accept"))));
      if (tenant != null && path.equals("/" + tenant + "/oauth2/v2.0/token")) {
        entraToken(ex);
        return;
      }
      if (tenant != null) {
        if (auth == null || !auth.startsWith("Bearer ") || !accessTokens.contains(auth.substring(7))) {
          json(ex, 401, "{\"message\":\"TF400813: The user is not authorized to access this resource.\"}");
          return;
        }
      } else if (token != null) {
        if (auth == null) {
          json(ex, 401, "{\"message\":\"TF400813: The user '' is not authorized to access this resource.\"}");
          return;
        }
        String expected = "Basic " + Base64.getEncoder().encodeToString((":" + token).getBytes(StandardCharsets.UTF_8));
        if (!auth.equals(expected)) {
          send(ex, 203, "text/html; charset=utf-8",
              "<html><head><title>Azure DevOps Services | Sign In</title></head></html>".getBytes(StandardCharsets.UTF_8));
          return;
        }
      }
      Matcher m = API.matcher(path);
      if (!m.matches() || !m.group(1).equals(ORG) || !m.group(2).equals(PROJECT)
          || !FakeRepo.decode(m.group(3)).equals(REPO)) {
        notFound(ex, "TF401019: The Git repository with name or identifier does not exist");
        return;
      }
      if (!"6.0".equals(q.get("api-version"))) {
        json(ex, 400, "{\"message\":\"VS800075: The project name or api-version is missing\"}");
        return;
      }
      if (m.group(4).equals("commits")) {
        String branch = q.getOrDefault("searchCriteria.itemVersion.version", "main");
        if (!branch.equals("main")) {
          notFound(ex, "TF401175: The version descriptor <Branch: " + branch + "> could not be resolved");
          return;
        }
        json(ex, 200, "{\"count\":1,\"value\":[{\"commitId\":\"" + repo.commitSha()
            + "\",\"author\":{\"name\":\"Greenroom\"},\"comment\":\"fixture\",\"url\":\"http://"
            + host() + "/" + ORG + "/" + PROJECT + "/_apis/git/repositories/" + REPO + "/commits/"
            + repo.commitSha() + "\"}]}");
        return;
      }
      String version = q.getOrDefault("version", "main");
      if (!version.equals("main") && !version.equals(repo.commitSha())) {
        notFound(ex, "TF401175: The version descriptor <Branch: " + version + "> could not be resolved");
        return;
      }
      if ("true".equals(q.get("download")) && "full".equals(q.get("recursionLevel"))) {
        if (!"zip".equals(q.get("$format")) && !"application/zip".equals(ex.getRequestHeaders().getFirst("Accept"))) {
          json(ex, 406, "{\"message\":\"this fake answers folders only as zip\"}");
          return;
        }
        String scope = q.getOrDefault("scopePath", "/").replaceAll("^/+|/+$", "");
        if (!repo.isFolder(scope)) {
          notFound(ex, "TF401174: The item '/" + scope + "' could not be found");
          return;
        }
        String top = scope.isEmpty() ? "" : scope.substring(scope.lastIndexOf('/') + 1);
        byte[] zip = zipOverride != null ? zipOverride : repo.zip(top, scope);
        send(ex, 200, "application/zip", zip);
        return;
      }
      String file = q.getOrDefault("path", "").replaceAll("^/+", "");
      byte[] content = repo.file(file);
      if (content == null) {
        notFound(ex, "TF401174: The item '/" + file + "' could not be found in the repository");
        return;
      }
      String etag = "\"" + FakeRepo.sha("blob", content) + "\"";
      ex.getResponseHeaders().add("ETag", etag);
      if (etag.equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
        ex.sendResponseHeaders(304, -1);
        return;
      }
      send(ex, 200, "application/octet-stream", content);
    }
  }

  /** Entra ID's token endpoint (client credentials grant) for Azure DevOps' resource. */
  private void entraToken(HttpExchange ex) throws IOException {
    Map<String, String> form = FakeRepo.query(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    if (!ex.getRequestMethod().equals("POST") || !"client_credentials".equals(form.get("grant_type"))) {
      json(ex, 400, "{\"error\":\"unsupported_grant_type\"}");
      return;
    }
    if (!clientId.equals(form.get("client_id")) || !clientSecret.equals(form.get("client_secret"))) {
      json(ex, 401, "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client secret provided.\"}");
      return;
    }
    if (!"499b84ac-1321-427f-aa17-267ca6975798/.default".equals(form.get("scope"))) {
      json(ex, 400, "{\"error\":\"invalid_scope\"}");
      return;
    }
    String access = "eyJ0eXAiOiJKV1QifQ.entra-" + tokenRequests.incrementAndGet() + ".sig";
    accessTokens.add(access);
    json(ex, 200, "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,"
        + "\"access_token\":\"" + access + "\"}");
  }

  private static void notFound(HttpExchange ex, String message) throws IOException {
    json(ex, 404, "{\"$id\":\"1\",\"message\":" + quote(message) + ",\"typeKey\":\"GitItemNotFoundException\"}");
  }
}
