package dev.greenroom.integrations.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.catalog.processing.location.ScmLocationAnalyzer;
import dev.greenroom.integrations.IntegrationsConfig;
import dev.greenroom.integrations.ReadLimits;
import dev.greenroom.integrations.ScmIntegrations;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class GithubLocationAnalyzerTest {
  static final String TOKEN = "ghp_analyzerToken0000000000000000000001";

  FakeGithub github;

  @BeforeEach
  void start() throws Exception {
    github = new FakeGithub(fixture()).token(TOKEN);
  }

  static Path fixture() throws URISyntaxException {
    return Path.of(GithubLocationAnalyzerTest.class.getResource("/github-fixture/catalog").toURI());
  }

  @AfterEach
  void stop() {
    github.close();
  }

  ScmLocationAnalyzer analyzer(String token) throws Exception {
    String tokenJson = token == null ? "" : ",\"token\":\"" + token + "\"";
    ScmIntegrations scm = ScmIntegrations.builder()
        .config(IntegrationsConfig.parse(JsonMapper.builder().build().readTree("{\"github\":[{\"host\":\""
            + github.host() + "\",\"apiBaseUrl\":\"" + github.apiBaseUrl() + "\"" + tokenJson + "}],"
            + "\"azure\":[{\"host\":\"dev.azure.com\"}]}"), false))
        .limits(ReadLimits.DEFAULTS)
        .build();
    List<ScmLocationAnalyzer> all = scm.locationAnalyzers();
    assertThat(all).hasSize(2);
    assertThat(all.get(1).supports("https://dev.azure.com/org/project/_git/repo")).isTrue();
    assertThat(all.get(1).projectSlugAnnotation()).isEqualTo("dev.azure.com/project-slug");
    return all.get(0);
  }

  String repoUrl() {
    return "http://" + github.host() + "/acme/catalog";
  }

  @Test
  void codeSearchFindsTheCatalogFilesOnTheDefaultBranch() throws Exception {
    ScmLocationAnalyzer a = analyzer(TOKEN);
    assertThat(a.supports(repoUrl())).isTrue();
    assertThat(a.supports("https://github.com/acme/catalog")).isFalse();
    assertThat(a.projectSlugAnnotation()).isEqualTo("github.com/project-slug");

    assertThat(a.catalogFiles(repoUrl(), null)).containsExactly(
        repoUrl() + "/blob/main/components/playback-order/catalog-info.yaml",
        repoUrl() + "/blob/main/components/searcher/catalog-info.yaml",
        repoUrl() + "/blob/main/documented-component/catalog-info.yaml");
    assertThat(github.requests()).extracting(FakeGithub.Request::path)
        .containsExactly("/api/v3/search/code", "/api/v3/repos/acme/catalog");
    assertThat(FakeRepoQuery.q(github.requests().get(0).query()))
        .isEqualTo("filename:catalog-info.yaml extension:yaml repo:acme/catalog");
    assertThat(github.requests()).allMatch(r -> r.authorization().equals("Bearer " + TOKEN));
  }

  @Test
  void aRepositoryCodeSearchHasNotIndexedIsListedThroughItsTree() throws Exception {
    github.codeSearchIndexed(false);
    assertThat(analyzer(TOKEN).catalogFiles(repoUrl() + "/", "team-a-group.yaml"))
        .containsExactly(repoUrl() + "/blob/main/acme/team-a-group.yaml");
    assertThat(github.requests()).extracting(FakeGithub.Request::path).containsExactly(
        "/api/v3/search/code", "/api/v3/repos/acme/catalog", "/api/v3/repos/acme/catalog/git/trees/main");
  }

  @Test
  void withoutATokenCodeSearchIsRefusedAndThePublicTreeIsListed() throws Exception {
    github.publicRepo();
    assertThat(analyzer(null).catalogFiles(repoUrl(), null)).hasSize(3);
  }

  @Test
  void aBranchInTheUrlIsListedAtThatBranchWithoutCodeSearch() throws Exception {
    assertThat(analyzer(TOKEN).catalogFiles(repoUrl() + "/tree/main", "mkdocs.yml"))
        .containsExactly(repoUrl() + "/blob/main/documented-component/mkdocs.yml");
    assertThat(github.requests()).extracting(FakeGithub.Request::path)
        .containsExactly("/api/v3/repos/acme/catalog/git/trees/main");
  }

  @Test
  void aRepositoryWithoutCatalogFilesHasNone() throws Exception {
    assertThat(analyzer(TOKEN).catalogFiles(repoUrl(), "nothing.yaml")).isEmpty();
  }

  @Test
  void aRefusedTokenNamesTheHostButNotTheToken() throws Exception {
    ScmLocationAnalyzer a = analyzer("ghp_wrongAnalyzerToken00000000000000002");
    assertThatThrownBy(() -> a.catalogFiles(repoUrl(), null))
        .isInstanceOf(ProcessingException.class)
        .hasMessageContaining(github.host())
        .hasMessageContaining("401")
        .hasMessageNotContaining("ghp_wrong");
  }

  /** Decodes the {@code q} parameter of a logged query. */
  static final class FakeRepoQuery {
    static String q(String rawQuery) {
      for (String kv : rawQuery.split("&")) {
        if (kv.startsWith("q=")) {
          return java.net.URLDecoder.decode(kv.substring(2), java.nio.charset.StandardCharsets.UTF_8);
        }
      }
      return "";
    }
  }
}
