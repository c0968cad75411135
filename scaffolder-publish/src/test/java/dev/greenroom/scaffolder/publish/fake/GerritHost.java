package dev.greenroom.scaffolder.publish.fake;

import com.sun.net.httpserver.HttpExchange;
import dev.greenroom.catalog.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A local Gerrit written from its REST reference, for {@code publish:gerrit}: {@code PUT
 * /a/projects/{name}} (201 with Gerrit's {@code )]}'} prefix; 409 "Project already exists").
 * Git lives at {@code /a/{name}}, authenticated as on Gerrit.
 */
public final class GerritHost extends GitHost {

  /** A host whose repositories live under {@code root}. */
  public GerritHost(Path root) throws IOException {
    super(root);
  }

  /** The git path of a project. */
  public static String gitPath(String project) {
    return "a/" + project;
  }

  @Override
  protected boolean isGitPath(String path) {
    return path.startsWith("/a/") && !path.startsWith("/a/projects/");
  }

  @Override
  protected synchronized void api(HttpExchange ex, String method, String path,
      Map<String, String> q, @Nullable JsonNode body) throws IOException {
    if (!method.equals("PUT") || !path.startsWith("/a/projects/")) {
      error(ex, 404, "Not found");
      return;
    }
    String name = decode(path.substring("/a/projects/".length()));
    if (exists(gitPath(name))) {
      error(ex, 409, "Project already exists");
      return;
    }
    createBare(gitPath(name), body.path("branches").path(0).asString("master"));
    send(ex, 201, "application/json;charset=UTF-8", (")]}'\n" + Json.write(Json.object()
        .put("id", name).put("name", name).put("parent", body.path("parent").asString(""))))
        .getBytes(StandardCharsets.UTF_8));
  }

  @Override
  protected void error(HttpExchange ex, int status, String message) throws IOException {
    send(ex, status, "text/plain;charset=UTF-8", message.getBytes(StandardCharsets.UTF_8));
  }
}
