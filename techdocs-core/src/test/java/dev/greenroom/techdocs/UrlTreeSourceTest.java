package dev.greenroom.techdocs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.integrations.ScmIntegrations;
import dev.greenroom.integrations.github.FakeGithub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code backstage.io/techdocs-ref: url:https://<github>/o/r/tree/main/<folder>}: the source is
 * one tree read of the integration (commit sha, then the tarball) with its token, not a crawl of
 * single files.
 */
class UrlTreeSourceTest {
  static final String TOKEN = "ghp_techdocsTreeToken00000000000000000001";

  @TempDir Path tmp;
  FakeGithub github;

  @BeforeEach
  void start() throws Exception {
    Path repo = tmp.resolve("repo");
    Path src = Corpus.dir("backstage-documented-component-2021");
    try (Stream<Path> s = Files.walk(src)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        Path t = repo.resolve("documented").resolve(src.relativize(p).toString());
        Files.createDirectories(t.getParent());
        Files.copy(p, t);
      }
    }
    Files.writeString(repo.resolve("catalog-info.yaml"), "# catalog file\n");
    github = new FakeGithub(repo).token(TOKEN);
  }

  @AfterEach
  void stop() {
    github.close();
  }

  TechDocs techdocs(String token, String folder) throws Exception {
    ScmIntegrations scm = ScmIntegrations.builder()
        .config(JsonMapper.builder().build().readTree("{\"github\":[{\"host\":\"" + github.host()
            + "\",\"apiBaseUrl\":\"" + github.apiBaseUrl() + "\",\"token\":\"" + token + "\"}]}"))
        .build();
    return TechDocs.builder().publishDirectory(tmp.resolve(folder)).checkInterval(Duration.ZERO)
        .urlReader(scm.urlReader()).build();
  }

  @Test
  void aUrlSourceOnAnIntegrationIsReadAsOneTree() throws Exception {
    Entity e = TechDocsTest.component("remote", "url:" + github.webUrl("tree/main/documented"),
        "url:" + github.webUrl("blob/main/catalog-info.yaml"));
    try (TechDocs docs = techdocs(TOKEN, "pub")) {
      TechDocs.SyncResult r = docs.sync(e);
      assertThat(r.updated()).isTrue();
      assertThat(r.site().pages()).containsExactly("", "sub-page/", "code/code-sample/", "extensions/");
      assertThat(github.requestLines()).containsExactly(
          "/api/v3/repos/acme/catalog/commits/main/status?per_page=0",
          "/api/v3/repos/acme/catalog/tarball/" + github.commitSha());
      assertThat(github.authorizations()).allMatch(a -> a.equals("Bearer " + TOKEN));
      assertThat(r.etag()).as("the tree's etag is the commit sha").startsWith("tree:")
          .endsWith(":" + github.commitSha());
      TechDocs.SyncResult again = docs.sync(e);
      assertThat(again.updated()).as("same commit: nothing built").isFalse();
      assertThat(github.requestLines()).as("the sha is compared; the archive is not fetched again")
          .hasSize(3).last().isEqualTo("/api/v3/repos/acme/catalog/commits/main/status?per_page=0");
    }
  }

  @Test
  void aDifferentFolderUrlOfTheSameCommitIsBuiltNotTakenAsCurrent() throws Exception {
    try (TechDocs docs = techdocs(TOKEN, "pub")) {
      Entity first = TechDocsTest.component("remote", "url:" + github.webUrl("tree/main/documented"),
          "url:" + github.webUrl("blob/main/catalog-info.yaml"));
      assertThat(docs.sync(first).updated()).isTrue();
      Entity moved = TechDocsTest.component("remote", "url:" + github.webUrl("tree/main/documented/"),
          "url:" + github.webUrl("blob/main/catalog-info.yaml"));
      assertThat(docs.sync(moved).updated()).as("a different folder URL, same sha").isTrue();
    }
  }

  @Test
  void aRefusedTokenFailsTheBuildNamingTheHostButNotTheToken() throws Exception {
    Entity e = TechDocsTest.component("remote", "url:" + github.webUrl("tree/main/documented"),
        "url:" + github.webUrl("blob/main/catalog-info.yaml"));
    try (TechDocs docs = techdocs("ghp_wrongTechdocsToken000000000000000002", "pub")) {
      assertThatThrownBy(() -> docs.sync(e)).isInstanceOf(TechDocsException.class)
          .hasMessageContaining(github.host())
          .hasMessageContaining("401")
          .hasMessageNotContaining("ghp_wrongTechdocsToken");
    }
  }

  @Test
  void aTreeWithoutMkdocsConfigSaysSo() throws Exception {
    Entity e = TechDocsTest.component("remote", "url:" + github.webUrl("tree/main/documented/docs"),
        "url:" + github.webUrl("blob/main/catalog-info.yaml"));
    try (TechDocs docs = techdocs(TOKEN, "pub")) {
      assertThatThrownBy(() -> docs.sync(e)).isInstanceOf(TechDocsException.class)
          .hasMessageContaining("No mkdocs.yaml or mkdocs.yml found at " + github.webUrl("tree/main/documented/docs/"));
    }
  }
}
