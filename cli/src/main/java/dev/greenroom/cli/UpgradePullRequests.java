package dev.greenroom.cli;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.integrations.GithubIntegrationConfig;
import dev.greenroom.integrations.ScmIntegrations;
import dev.greenroom.integrations.github.GithubCredentialsProvider;
import dev.greenroom.scaffolder.upgrade.PullRequestOpener;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Opens the pull request of a pushed upgrade branch on a configured GitHub host: {@code POST
 * /repos/{owner}/{repo}/pulls} ({@code head} the upgrade branch, {@code base} the repository's
 * branch) on the integration's {@code apiBaseUrl}, with its token or App installation token for the
 * owner; when one is open for that branch already (422), its page is returned. Hosts without a
 * GitHub integration answer empty (the upgrade reports the branch). This is the REST call
 * scaffolder-publish's {@code publish:github:pull-request} makes; that action is not used because
 * it pushes its own branch from workspace files, which cannot carry the upgrade's deletions.
 */
final class UpgradePullRequests implements PullRequestOpener {
  private static final int MAX_ANSWER_BYTES = 1024 * 1024;
  private final ScmIntegrations integrations;
  private final HttpClient http;
  private final Duration timeout;

  UpgradePullRequests(ScmIntegrations integrations, Duration timeout) {
    this.integrations = integrations;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  @Override
  public Optional<String> open(Request request) {
    URI git = URI.create(request.repository().gitUrl());
    String host = git.getAuthority();
    if (host == null || !"https".equalsIgnoreCase(git.getScheme())
        && !"http".equalsIgnoreCase(git.getScheme())) {
      return Optional.empty();
    }
    Optional<GithubIntegrationConfig> config = integrations.config().github().stream()
        .filter(g -> g.host().equalsIgnoreCase(host)).findFirst();
    if (config.isEmpty() || config.get().apiBaseUrl() == null) {
      return Optional.empty();
    }
    String[] parts = git.getPath().replaceFirst("^/", "").replaceFirst("\\.git$", "").split("/");
    if (parts.length != 2) {
      return Optional.empty();
    }
    String owner = parts[0];
    String repo = parts[1];
    Optional<String> authorization = integrations.githubCredentials(host)
        .flatMap(p -> p.credentials(owner)).map(GithubCredentialsProvider.Credentials::authorization);
    if (authorization.isEmpty()) {
      return Optional.empty();
    }
    String api = config.get().apiBaseUrl().replaceAll("/+$", "") + "/repos/" + owner + "/" + repo;
    ObjectNode body = Json.object();
    body.put("title", request.title());
    body.put("body", request.description());
    body.put("head", request.sourceBranch());
    body.put("base", request.targetBranch());
    Answer created = send(HttpRequest.newBuilder(URI.create(api + "/pulls"))
        .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))), authorization.get(), host);
    if (created.status() == 201) {
      return Optional.of(created.json().path("html_url").asString(""));
    }
    if (created.status() == 422) {
      Answer open = send(HttpRequest.newBuilder(URI.create(api + "/pulls?state=open&head="
          + URLEncoder.encode(owner + ":" + request.sourceBranch(), StandardCharsets.UTF_8)))
          .GET(), authorization.get(), host);
      if (open.status() == 200 && open.json().path(0).has("html_url")) {
        return Optional.of(open.json().path(0).path("html_url").asString());
      }
    }
    throw new IllegalStateException("GitHub " + host + " answered " + created.status()
        + " when opening a pull request from " + request.sourceBranch() + " to "
        + request.targetBranch() + " of " + owner + "/" + repo + ": "
        + created.json().path("message").asString(""));
  }

  private record Answer(int status, JsonNode json) {}

  private Answer send(HttpRequest.Builder req, String authorization, String host) {
    req.timeout(timeout).header("Authorization", authorization)
        .header("Accept", "application/vnd.github+json")
        .header("Content-Type", "application/json");
    try {
      HttpResponse<InputStream> r = http.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = r.body()) {
        byte[] bytes = in.readNBytes(MAX_ANSWER_BYTES + 1);
        if (bytes.length > MAX_ANSWER_BYTES) {
          throw new IllegalStateException("GitHub " + host + " answered more than "
              + MAX_ANSWER_BYTES + " bytes");
        }
        JsonNode json;
        try {
          json = Json.parse(new String(bytes, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
          json = Json.object();
        }
        return new Answer(r.statusCode(), json);
      }
    } catch (IOException e) {
      throw new IllegalStateException("GitHub " + host + " could not be reached: "
          + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while opening a pull request on " + host, e);
    }
  }
}
