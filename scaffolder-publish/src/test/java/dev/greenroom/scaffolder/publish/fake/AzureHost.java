package dev.greenroom.scaffolder.publish.fake;

import com.sun.net.httpserver.HttpExchange;
import dev.greenroom.catalog.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local Azure DevOps (HTTPS only, as the real one) written from its Git REST reference, for
 * {@code publish:azure}: {@code POST /{org}/{project}/_apis/git/repositories} (201 with {@code
 * id}, {@code remoteUrl}, {@code webUrl}; 409 TF400948 when the name is taken; 404 for an unknown
 * project). Git lives at {@code /{org}/{project}/_git/{repo}}.
 */
public final class AzureHost extends GitHost {
  private static final Pattern CREATE =
      Pattern.compile("^/([^/]+)/([^/]+)/_apis/git/repositories$");
  private final Set<String> projects = new LinkedHashSet<>();

  /** A host served with {@code tls}. */
  public AzureHost(Path root, SSLContext tls) throws IOException {
    super(root, tls);
  }

  /** Adds a project {@code org/project}. */
  public synchronized AzureHost project(String org, String project) {
    projects.add(org + "/" + project);
    return this;
  }

  /** The git path of a repository. */
  public static String gitPath(String org, String project, String repo) {
    return org + "/" + project + "/_git/" + repo;
  }

  @Override
  protected boolean isGitPath(String path) {
    return path.contains("/_git/");
  }

  @Override
  protected synchronized void api(HttpExchange ex, String method, String path,
      Map<String, String> q, @Nullable JsonNode body) throws IOException {
    Matcher m = CREATE.matcher(path);
    if (!m.matches() || !method.equals("POST")) {
      error(ex, 404, "Not found");
      return;
    }
    String org = decode(m.group(1));
    String project = decode(m.group(2));
    if (!projects.contains(org + "/" + project)) {
      error(ex, 404, "TF200016: The following project does not exist: " + project);
      return;
    }
    String repo = body.path("name").asString("");
    String git = gitPath(org, project, repo);
    if (exists(git)) {
      error(ex, 409, "TF400948: A Git repository with the name " + repo
          + " already exists.");
      return;
    }
    createBare(git, "main");
    ObjectNode r = Json.object();
    r.put("id", UUID.nameUUIDFromBytes(git.getBytes()).toString());
    r.put("name", repo);
    r.put("remoteUrl", "https://" + org + "@" + host() + "/" + git);
    r.put("webUrl", baseUrl() + "/" + git);
    json(ex, 201, r);
  }

  @Override
  protected void error(HttpExchange ex, int status, String message) throws IOException {
    json(ex, status, Json.object().put("message", message).put("typeKey", "Exception"));
  }
}
