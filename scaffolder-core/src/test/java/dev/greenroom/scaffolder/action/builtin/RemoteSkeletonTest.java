package dev.greenroom.scaffolder.action.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.integrations.ScmIntegrations;
import dev.greenroom.integrations.github.FakeGithub;
import dev.greenroom.scaffolder.Scaffolder;
import dev.greenroom.scaffolder.action.RemoteTargets;
import dev.greenroom.scaffolder.run.RunRequest;
import dev.greenroom.scaffolder.run.StepFailedException;
import dev.greenroom.scaffolder.template.Template;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code fetch:*} of a skeleton on a GitHub host: the folder comes from the integration's tree
 * read (commit sha, then the tarball) with the integration's token, as Backstage's {@code
 * fetchContents} reads it with {@code UrlReader.readTree}.
 */
class RemoteSkeletonTest {
  static final String TOKEN = "ghp_scaffolderSkeletonToken000000000001";

  @TempDir Path tmp;
  FakeGithub github;
  Path ws;

  @BeforeEach
  void start() throws Exception {
    Path repo = tmp.resolve("repo");
    write(repo, "templates/demo/template.yaml", "kind: Template\n");
    write(repo, "templates/demo/skeleton/README.md", "# ${{ values.name }}\n");
    write(repo, "templates/demo/skeleton/src/${{ values.name }}.txt", "source of ${{ values.name }}\n");
    write(repo, "templates/demo/skeleton/catalog-info.yaml", "metadata: { name: ${{ values.name }} }\n");
    write(repo, "templates/shared/LICENSE", "Apache-2.0 ${{ values.name }}\n");
    github = new FakeGithub(repo).token(TOKEN);
    ws = tmp.resolve("ws");
  }

  @AfterEach
  void stop() {
    github.close();
  }

  private static void write(Path root, String rel, String content) throws Exception {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  private Scaffolder scaffolder(String token) throws Exception {
    ScmIntegrations scm = ScmIntegrations.builder()
        .config(JsonMapper.builder().build().readTree("{\"github\":[{\"host\":\"" + github.host()
            + "\",\"apiBaseUrl\":\"" + github.apiBaseUrl() + "\",\"token\":\"" + token + "\"}]}"))
        .build();
    return Scaffolder.builder().defaultActions().urlReader(scm.urlReader()).workspaceRoot(tmp)
        .fetchTargets(RemoteTargets.builder().allowHost(github.host()).build())
        .build();
  }

  private void run(Scaffolder s, String baseUrl, String steps) {
    Template t = Template.fromYaml("template.yaml", """
        apiVersion: scaffolder.backstage.io/v1beta3
        kind: Template
        metadata: { name: remote }
        spec:
          type: service
          steps:
        """ + steps.indent(4), baseUrl);
    s.runner().run(RunRequest.builder(t, ws).build());
  }

  @Test
  void fetchPlainReadsAnAbsoluteTreeUrlThroughTheIntegration() throws Exception {
    run(scaffolder(TOKEN), null, "- id: f\n  action: fetch:plain\n  input: { url: \""
        + github.webUrl("tree/main/templates/demo/skeleton") + "\", targetPath: out }\n");

    assertThat(ws.resolve("out/README.md")).hasContent("# ${{ values.name }}");
    assertThat(ws.resolve("out/src/${{ values.name }}.txt")).exists();
    assertThat(Files.list(ws.resolve("out")).count()).isEqualTo(3);
    assertThat(github.requestLines()).contains(
        "/api/v3/repos/acme/catalog/commits/main/status?per_page=0",
        "/api/v3/repos/acme/catalog/tarball/" + github.commitSha());
    assertThat(github.authorizations()).allMatch(a -> a.equals("Bearer " + TOKEN));
  }

  @Test
  void fetchTemplateResolvesARelativeSkeletonAgainstATemplateReadFromTheHost() throws Exception {
    run(scaffolder(TOKEN), github.webUrl("blob/main/templates/demo/"), """
        - id: f
          action: fetch:template
          input: { url: ./skeleton, values: { name: billing } }
        - id: g
          action: fetch:template:file
          input: { url: ../shared/LICENSE, targetPath: LICENSE, values: { name: billing } }
        - id: h
          action: fetch:plain:file
          input: { url: ./skeleton/README.md, targetPath: raw/README.md }
        """);

    assertThat(ws.resolve("README.md")).hasContent("# billing");
    assertThat(ws.resolve("src/billing.txt")).hasContent("source of billing");
    assertThat(ws.resolve("catalog-info.yaml")).hasContent("metadata: { name: billing }");
    assertThat(ws.resolve("LICENSE")).hasContent("Apache-2.0 billing");
    assertThat(ws.resolve("raw/README.md")).hasContent("# ${{ values.name }}");
    assertThat(github.requestLines()).contains(
        "/api/v3/repos/acme/catalog/contents/templates/shared/LICENSE?ref=main");
  }

  @Test
  void aRefusedTokenFailsTheStepNamingTheHostButNotTheToken() throws Exception {
    Scaffolder s = scaffolder("ghp_wrongToken0000000000000000000000002");
    assertThatThrownBy(() -> run(s, null, "- id: f\n  action: fetch:plain\n  input: { url: \""
        + github.webUrl("tree/main/templates/demo/skeleton") + "\" }\n"))
        .isInstanceOf(StepFailedException.class)
        .hasMessageContaining(github.host())
        .hasMessageContaining("401")
        .hasMessageNotContaining("ghp_wrongToken");
  }

  @Test
  void aFolderThatDoesNotExistIsNotFound() throws Exception {
    assertThatThrownBy(() -> run(scaffolder(TOKEN), null, "- id: f\n  action: fetch:plain\n  input: { url: \""
        + github.webUrl("tree/main/templates/nothing-here") + "\" }\n"))
        .isInstanceOf(StepFailedException.class)
        .hasMessageContaining("No files found under " + github.webUrl("tree/main/templates/nothing-here"));
  }
}
