package dev.greenroom.scaffolder.publish.fake;

import com.sun.net.httpserver.HttpExchange;
import dev.greenroom.catalog.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A local Gitea written from its API v1 reference, for {@code publish:gitea}: {@code GET
 * /api/v1/orgs/{org}} (404 for unknown ones) and {@code POST /api/v1/orgs/{org}/repos} (201; 409
 * when the name is taken). Git lives at {@code /{owner}/{repo}.git}.
 */
public final class GiteaHost extends GitHost {
  private static final Pattern ORG = Pattern.compile("^/api/v1/orgs/([^/]+)(/repos)?$");
  private final Set<String> orgs = new LinkedHashSet<>();

  /** A host whose repositories live under {@code root}. */
  public GiteaHost(Path root) throws IOException {
    super(root);
  }

  /** Adds an organisation. */
  public synchronized GiteaHost org(String org) {
    orgs.add(org);
    return this;
  }

  @Override
  protected boolean isGitPath(String path) {
    return path.contains(".git/");
  }

  @Override
  protected synchronized void api(HttpExchange ex, String method, String path,
      Map<String, String> q, @Nullable JsonNode body) throws IOException {
    Matcher m = ORG.matcher(path);
    if (!m.matches() || !orgs.contains(decode(m.group(1)))) {
      error(ex, 404, "The target couldn't be found.");
      return;
    }
    String org = decode(m.group(1));
    if (m.group(2) == null && method.equals("GET")) {
      json(ex, 200, Json.object().put("username", org));
      return;
    }
    if (m.group(2) != null && method.equals("POST")) {
      String name = body.path("name").asString("");
      if (exists(org + "/" + name + ".git")) {
        error(ex, 409, "The repository with the same name already exists.");
        return;
      }
      createBare(org + "/" + name + ".git", "main");
      json(ex, 201, Json.object().put("full_name", org + "/" + name)
          .put("clone_url", baseUrl() + "/" + org + "/" + name + ".git"));
      return;
    }
    error(ex, 405, "Method not allowed");
  }

  @Override
  protected void error(HttpExchange ex, int status, String message) throws IOException {
    json(ex, status, Json.object().put("message", message).put("url", baseUrl() + "/api/swagger"));
  }
}
