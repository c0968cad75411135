package dev.greenroom.catalog.gitlab;

import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.integrations.IntegrationsConfig;
import dev.greenroom.integrations.ReadLimits;
import dev.greenroom.integrations.ScmIntegrations;
import dev.greenroom.integrations.gitlab.FakeGitlab;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A self-managed GitLab (below {@code /gitlab}) with an org and projects, for the provider tests. */
final class GitlabWorld implements AutoCloseable {
  static final String TOKEN = "glpat-providerTokenThatMustNeverBeShown";
  static final JsonMapper JSON = JsonMapper.builder().build();

  final FakeGitlab gitlab;

  GitlabWorld() throws IOException, URISyntaxException {
    Path fixture = Path.of(GitlabWorld.class.getResource("/gitlab-fixture").toURI());
    gitlab = new FakeGitlab("/gitlab").token(TOKEN)
        .group("acme", "ACME", "The company")
        .group("acme/platform", "Platform", "Platform team")
        .group("acme/platform/web", "Web", "")
        .group("acme/empty", "Empty", "")
        .group("other", "Other", "")
        .project("acme/service-a", fixture.resolve("service-a"))
        .project("acme/platform/service-b", fixture.resolve("service-b"))
        .branch("acme/platform/service-b", "trunk")
        .project("acme/no-catalog", fixture.resolve("no-catalog"))
        .project("acme/old", fixture.resolve("service-a"))
        .archived("acme/old")
        .project("acme/fork-of-a", fixture.resolve("service-a"))
        .forkOf("acme/fork-of-a", "acme/service-a")
        .project("other/elsewhere", fixture.resolve("service-a"))
        .user("alice", "Alice Adams", "alice@acme.example")
        .user("bob", "Bob Brown", "bob@acme.example")
        .user("carol", "Carol Chen", "carol@acme.example")
        .blockUser("carol")
        .user("dave", "Dave Doe", "dave@other.example")
        .member("acme", "alice")
        .member("acme/platform", "alice")
        .member("acme/platform/web", "bob")
        .member("acme/platform/web", "carol")
        .member("other", "dave");
  }

  /** {@code integrations.gitlab} for the fake's host. */
  ScmIntegrations integrations(String token) {
    return integrations(token, ReadLimits.DEFAULTS);
  }

  ScmIntegrations integrations(String token, ReadLimits limits) {
    return ScmIntegrations.builder().limits(limits).config(IntegrationsConfig.parse(json(
        "{\"gitlab\":[{\"host\":\"" + gitlab.host() + "\",\"apiBaseUrl\":\"" + gitlab.apiBaseUrl()
            + "\",\"baseUrl\":\"" + gitlab.baseUrl() + "\",\"token\":\"" + token + "\"}]}")))
        .build();
  }

  /** {@code catalog.providers.gitlab} with one entry {@code main}, plus {@code extra} fields. */
  JsonNode providerConfig(String extra) {
    return json("{\"main\":{\"host\":\"" + gitlab.host() + "\",\"group\":\"acme\""
        + (extra.isEmpty() ? "" : "," + extra) + "}}");
  }

  GitlabProviders providers(String extra, String token) {
    return GitlabProviders.builder().config(providerConfig(extra)).integrations(integrations(token)).build();
  }

  CatalogEngine engine(ScmIntegrations scm, GitlabProviders providers) {
    CatalogEngine.Builder b = CatalogEngine.builder().rules(CatalogRules.allowAll())
        .urlReader(scm.urlReader()).processingInterval(Duration.ofHours(1));
    providers.providers().forEach(b::provider);
    return b.build();
  }

  static JsonNode json(String text) {
    return JSON.readTree(text);
  }

  @Override
  public void close() {
    gitlab.close();
  }
}
