package dev.greenroom.scaffolder.publish.fake;

import com.sun.net.httpserver.HttpExchange;
import dev.greenroom.catalog.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local Bitbucket Cloud written from its REST API 2.0 reference, for publishing: {@code POST
 * /2.0/repositories/{workspace}/{slug}} (200 with {@code links.clone} (https, with the user name as
 * Bitbucket writes it) and {@code links.html}; 400 "Repository with this Slug and Owner already
 * exists." when taken). Git lives at {@code /{workspace}/{slug}.git}. Errors have Bitbucket Cloud's
 * {@code {"type":"error","error":{"message":...}}} body.
 */
public final class BitbucketCloudHost extends GitHost {
  private static final Pattern CREATE = Pattern.compile("^/2\\.0/repositories/([^/]+)/([^/]+)$");
  private final String user;

  /** A host whose clone links name {@code user}. */
  public BitbucketCloudHost(Path root, String user) throws IOException {
    super(root);
    this.user = user;
  }

  /** The API base, {@code http://127.0.0.1:port/2.0}. */
  public String apiBaseUrl() {
    return baseUrl() + "/2.0";
  }

  /** The git path of a repository. */
  public static String gitPath(String workspace, String slug) {
    return workspace + "/" + slug + ".git";
  }

  /** Creates an empty repository (as if made earlier). */
  public void existingRepo(String workspace, String slug) {
    createBare(gitPath(workspace, slug), "main");
  }

  @Override
  protected boolean isGitPath(String path) {
    return !path.startsWith("/2.0/");
  }

  @Override
  protected synchronized void api(HttpExchange ex, String method, String path,
      Map<String, String> q, @Nullable JsonNode body) throws IOException {
    Matcher m = CREATE.matcher(path);
    if (!m.matches() || !method.equals("POST")) {
      error(ex, 404, "Resource not found");
      return;
    }
    String ws = decode(m.group(1));
    String slug = decode(m.group(2));
    if (exists(gitPath(ws, slug))) {
      error(ex, 400, "Repository with this Slug and Owner already exists.");
      return;
    }
    createBare(gitPath(ws, slug), "main");
    ObjectNode r = Json.object();
    r.put("type", "repository");
    r.put("full_name", ws + "/" + slug);
    r.put("is_private", body != null && body.path("is_private").asBoolean(false));
    r.put("description", body == null ? "" : body.path("description").asString(""));
    r.putObject("project").put("key", body == null ? "" : body.path("project").path("key")
        .asString(""));
    ObjectNode links = r.putObject("links");
    links.putObject("html").put("href", baseUrl() + "/" + ws + "/" + slug);
    var clone = links.putArray("clone");
    clone.addObject().put("name", "https").put("href", "http://" + user + "@" + host() + "/" + ws
        + "/" + slug + ".git");
    clone.addObject().put("name", "ssh").put("href", "git@127.0.0.1:" + ws + "/" + slug + ".git");
    json(ex, 200, r);
  }

  @Override
  protected void error(HttpExchange ex, int status, String message) throws IOException {
    ObjectNode e = Json.object();
    e.put("type", "error");
    e.putObject("error").put("message", message);
    json(ex, status, e);
  }
}
