package dev.greenroom.integrations.github;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@link FakeGithub} for other modules' tests (from this module's test-jar): one GitHub Enterprise
 * host on 127.0.0.1 serving a folder as the repository {@code acme/catalog}, branch {@code main}.
 */
public final class FakeGithubHost implements AutoCloseable {
  /** The repository's owner. */
  public static final String OWNER = FakeGithub.OWNER;
  /** The repository. */
  public static final String REPO = FakeGithub.REPO;

  private final FakeGithub github;

  /** Serves {@code folder}; the repository is private until {@link #publicRepo()}. */
  public FakeGithubHost(Path folder) throws IOException {
    this.github = new FakeGithub(folder);
  }

  /** Accepts this token. */
  public FakeGithubHost token(String token) {
    github.token(token);
    return this;
  }

  /** Makes the repository readable without a token. */
  public FakeGithubHost publicRepo() {
    github.publicRepo();
    return this;
  }

  /** Whether code search finds the repository's files (default true). */
  public FakeGithubHost codeSearchIndexed(boolean on) {
    github.codeSearchIndexed(on);
    return this;
  }

  /** {@code 127.0.0.1:port}: the integration's {@code host}. */
  public String host() {
    return github.host();
  }

  /** The integration's {@code apiBaseUrl}. */
  public String apiBaseUrl() {
    return github.apiBaseUrl();
  }

  /** A web URL of the repository, e.g. {@code webUrl("tree/main/skeleton")}. */
  public String webUrl(String rest) {
    return github.webUrl(rest);
  }

  /** The commit sha of {@code main}. */
  public String commitSha() {
    return github.commitSha();
  }

  /** The paths of the API requests so far, with their query. */
  public List<String> requests() {
    return github.requests().stream()
        .map(r -> r.path() + (r.query().isEmpty() ? "" : "?" + r.query())).toList();
  }

  /** The Authorization headers of the API requests so far ("" for none). */
  public List<String> authorizations() {
    return github.requests().stream().map(FakeGithub.Request::authorization).toList();
  }

  @Override
  public void close() {
    github.close();
  }
}
