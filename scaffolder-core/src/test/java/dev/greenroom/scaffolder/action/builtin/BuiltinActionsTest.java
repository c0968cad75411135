package dev.greenroom.scaffolder.action.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.processing.location.UrlReader;
import dev.greenroom.scaffolder.Scaffolder;
import dev.greenroom.scaffolder.action.RemoteTargets;
import dev.greenroom.scaffolder.run.RunRequest;
import dev.greenroom.scaffolder.run.RunResult;
import dev.greenroom.scaffolder.run.StepFailedException;
import dev.greenroom.scaffolder.template.Template;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in actions' behaviour, one by one (Backstage's reference A.3). */
class BuiltinActionsTest {
  @TempDir Path tmp;
  Path templateDir;
  Path ws;

  @BeforeEach
  void setUp() throws Exception {
    templateDir = tmp.resolve("template");
    ws = tmp.resolve("ws");
    write("skeleton/README.md", "# ${{ values.name }}\n{{ not-nunjucks }}\n");
    write("skeleton/{% if values.withCi %}ci{% endif %}/build.yml", "ci for ${{ values.name }}\n");
    write("skeleton/{% if values.withDocs %}docs.md{% endif %}", "docs\n");
    write("skeleton/.github/workflows/build.yml", "run: ${{ github.sha }}\n");
    write("skeleton/src/${{ values.name }}.txt", "source ${{ values.name }}\n");
    write("skeleton/.hidden", "hidden ${{ values.name }}\n");
    Files.write(templateDir.resolve("skeleton/logo.bin"), new byte[] {0, 1, 2, '$', '{', '{'});
    write("njk/a.txt.njk", "rendered ${{ values.name }}\n");
    write("njk/b.txt", "kept ${{ values.name }}\n");
    write("cc/{{ cookiecutter.name }}.md", "{{ cookiecutter.name }} {{ cookiecutter.tags | jsonify }}"
        + "{% if cookiecutter.flag == True %} on{% endif %}\n");
    write("single.txt", "single ${{ values.name }}\n");
    write("wsk/README.md", "# ${{ values.name }}");
    write("wsk/src/${{ values.name }}.txt", "source ${{ values.name }}");
    write("wsk/.github/workflows/ci.yml", "on: ${{ github.sha }}");
  }

  private void write(String rel, String content) throws Exception {
    Path p = templateDir.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  private RunResult run(Scaffolder s, String steps) {
    Template t = Template.fromYaml("t.yaml", """
        apiVersion: scaffolder.backstage.io/v1beta3
        kind: Template
        metadata: { name: actions }
        spec:
          type: service
          steps:
        """ + steps.indent(4), templateDir.toUri().toString());
    return s.runner().run(RunRequest.builder(t, ws).parameters(Json.object()).build());
  }

  private RunResult run(String steps) {
    return run(Scaffolder.builder().defaultActions().workspaceRoot(tmp).build(), steps);
  }

  @Test
  void fetchTemplateRendersContentsAndPathsAndDropsEmptyNames() throws Exception {
    run("""
        - id: f
          action: fetch:template
          input:
            url: ./skeleton
            values: { name: app, withCi: true, withDocs: false }
            copyWithoutTemplating: [".github/workflows/*"]
        """);
    assertThat(ws.resolve("README.md")).hasContent("# app\n{{ not-nunjucks }}");
    assertThat(ws.resolve("ci/build.yml")).hasContent("ci for app");
    assertThat(ws.resolve("docs.md")).doesNotExist();
    assertThat(ws.resolve(".github/workflows/build.yml")).hasContent("run: ${{ github.sha }}");
    assertThat(ws.resolve("src/app.txt")).hasContent("source app");
    assertThat(ws.resolve(".hidden")).hasContent("hidden app");
    assertThat(Files.readAllBytes(ws.resolve("logo.bin"))).containsExactly(0, 1, 2, '$', '{', '{');
  }

  @Test
  void copyWithoutTemplatingFolderEntriesCoverWhatIsUnderThem() throws Exception {
    // GitHub Actions files use ${{ }} themselves: templates list their folder, as globby reads it
    write("wf/.github/workflows/ci.yml", "sha: ${{ github.sha }}\nn: ${{ github.run_number - 1 }}\n");
    write("wf/.github/workflows/nested/deploy.yml", "env: ${{ secrets.TOKEN }}\n");
    write("wf/.github/CODEOWNERS", "* @${{ values.name }}\n");
    write("wf/docs/a.md", "${{ values.name }}\n");
    write("wf/charts/values.yaml", "image: ${{ .Values.image }}\n");
    run("""
        - id: f
          action: fetch:template
          input:
            url: ./wf
            values: { name: app }
            copyWithoutTemplating: [".github/workflows/", "charts", "**/nothing.txt"]
        """);
    assertThat(ws.resolve(".github/workflows/ci.yml"))
        .hasContent("sha: ${{ github.sha }}\nn: ${{ github.run_number - 1 }}");
    assertThat(ws.resolve(".github/workflows/nested/deploy.yml"))
        .hasContent("env: ${{ secrets.TOKEN }}");
    assertThat(ws.resolve("charts/values.yaml")).hasContent("image: ${{ .Values.image }}");
    assertThat(ws.resolve(".github/CODEOWNERS")).hasContent("* @app");
    assertThat(ws.resolve("docs/a.md")).hasContent("app");
  }

  @Test
  void doubleStarGlobsAlsoMatchAtTheTop() throws Exception {
    write("top/x.tpl", "${{ raw }}");
    write("top/sub/y.tpl", "${{ raw }}");
    write("top/z.txt", "${{ values.name }}");
    run("""
        - id: f
          action: fetch:template
          input: { url: ./top, values: { name: app }, copyWithoutTemplating: ["**/*.tpl"] }
        """);
    assertThat(ws.resolve("x.tpl")).hasContent("${{ raw }}");
    assertThat(ws.resolve("sub/y.tpl")).hasContent("${{ raw }}");
    assertThat(ws.resolve("z.txt")).hasContent("app");
  }

  @Test
  void workspaceTemplateRendersAFolderTheWorkspaceAlreadyHolds() throws Exception {
    run("""
        - id: get
          action: fetch:plain
          input: { url: ./wsk, targetPath: skeletons/svc }
        - id: render
          action: workspace:template
          input:
            sourcePath: skeletons/svc
            targetPath: out
            values: { name: app }
            copyWithoutTemplating: [".github/workflows/"]
        - id: one
          action: workspace:template:file
          input: { sourcePath: skeletons/svc/README.md, targetPath: single/README.md, values: { name: one } }
        """);
    assertThat(ws.resolve("out/README.md")).hasContent("# app");
    assertThat(ws.resolve("out/src/app.txt")).hasContent("source app");
    assertThat(ws.resolve("out/.github/workflows/ci.yml")).hasContent("on: ${{ github.sha }}");
    assertThat(ws.resolve("single/README.md")).hasContent("# one");
    // the source stays as it was
    assertThat(ws.resolve("skeletons/svc/README.md")).hasContent("# ${{ values.name }}");
  }

  @Test
  void workspaceTemplateRefusesOverlappingOrMissingFolders() {
    assertThatThrownBy(() -> run("""
        - id: get
          action: fetch:plain
          input: { url: ./wsk, targetPath: skel }
        - id: render
          action: workspace:template
          input: { sourcePath: skel, targetPath: skel/out, values: {} }
        """)).isInstanceOf(StepFailedException.class).hasMessageContaining("must not overlap");
    assertThatThrownBy(() -> run("""
        - id: render
          action: workspace:template
          input: { sourcePath: nowhere, targetPath: out, values: {} }
        """)).isInstanceOf(StepFailedException.class)
        .hasMessageContaining("sourcePath 'nowhere' is not a folder of the workspace");
    assertThatThrownBy(() -> run("""
        - id: render
          action: workspace:template:file
          input: { sourcePath: ../../etc/passwd, targetPath: out.txt, values: {} }
        """)).isInstanceOf(StepFailedException.class);
  }

  @Test
  void copyWithoutRenderAlsoKeepsThePathAsWritten() throws Exception {
    write("raw/${{ values.name }}/x.txt", "${{ values.name }}");
    run("""
        - id: f
          action: fetch:template
          input: { url: ./raw, values: { name: app }, copyWithoutRender: ["**"] }
        """);
    assertThat(ws.resolve("${{ values.name }}/x.txt")).hasContent("${{ values.name }}");
  }

  @Test
  void templateFileExtensionRendersOnlyThoseFilesAndStripsTheExtension() {
    run("""
        - id: f
          action: fetch:template
          input: { url: ./njk, values: { name: app }, templateFileExtension: true, targetPath: out }
        """);
    assertThat(ws.resolve("out/a.txt")).hasContent("rendered app");
    assertThat(ws.resolve("out/b.txt")).hasContent("kept ${{ values.name }}");
  }

  @Test
  void incompatibleOptionsAreRefused() {
    assertThatThrownBy(() -> run("""
        - id: f
          action: fetch:template
          input: { url: ./njk, templateFileExtension: .njk, cookiecutterCompat: true }
        """)).isInstanceOf(StepFailedException.class).hasMessageContaining("incompatible");
    assertThatThrownBy(() -> run("""
        - id: f
          action: fetch:template
          input: { url: ./njk, copyWithoutRender: [a], copyWithoutTemplating: [b] }
        """)).isInstanceOf(StepFailedException.class).hasMessageContaining("at the same time");
  }

  @Test
  void cookiecutterCompatUsesDoubleBracesAndJsonify() {
    run("""
        - id: f
          action: fetch:template
          input:
            url: ./cc
            cookiecutterCompat: true
            values: { name: app, tags: [a, b], flag: true }
        """);
    assertThat(ws.resolve("app.md")).hasContent("app [\"a\",\"b\"] on");
  }

  @Test
  void existingFilesAreKeptUnlessReplace() throws Exception {
    Files.createDirectories(ws);
    Files.writeString(ws.resolve("README.md"), "mine");
    run("- { id: f, action: fetch:template, input: { url: ./skeleton, values: { name: a } } }");
    assertThat(ws.resolve("README.md")).hasContent("mine");
    run("- { id: f, action: fetch:template, input: { url: ./skeleton, values: { name: a },"
        + " replace: true } }");
    assertThat(ws.resolve("README.md")).content().startsWith("# a");
  }

  @Test
  void fetchTemplateFileAndPlainActions() {
    run("""
        - { id: a, action: fetch:template:file, input: { url: ./single.txt, targetPath: x/one.txt, values: { name: z } } }
        - { id: b, action: fetch:plain:file, input: { url: ./single.txt, targetPath: two.txt } }
        - { id: c, action: fetch:plain, input: { url: ./njk, targetPath: plain } }
        """);
    assertThat(ws.resolve("x/one.txt")).hasContent("single z");
    assertThat(ws.resolve("two.txt")).hasContent("single ${{ values.name }}");
    assertThat(ws.resolve("plain/a.txt.njk")).hasContent("rendered ${{ values.name }}");
  }

  @Test
  void fetchLimitsAreEnforced() {
    Scaffolder small = Scaffolder.builder().defaultActions().workspaceRoot(tmp)
        .limits(new dev.greenroom.scaffolder.action.ActionEnvironment.Limits(3, 1000, 10_000))
        .build();
    assertThatThrownBy(() -> run(small,
        "- { id: f, action: fetch:plain, input: { url: ./skeleton } }"))
        .isInstanceOf(StepFailedException.class).hasMessageContaining("more than 3 files");
  }

  @Test
  void httpTemplatesFetchThroughTheHostsUrlReader() {
    List<String> asked = new ArrayList<>();
    UrlReader reader = new UrlReader() {
      @Override
      public ReadResponse read(String url, @Nullable String etag, long maxBytes) {
        asked.add(url);
        return ReadResponse.of("remote ${{ values.name }}".getBytes(StandardCharsets.UTF_8), null);
      }

      @Override
      public ReadTreeResponse readTree(String url, @Nullable String etag) {
        asked.add(url);
        return ReadTreeResponse.of(List.of(
            new TreeFile("a.txt", "A ${{ values.name }}".getBytes(StandardCharsets.UTF_8)),
            new TreeFile("d/b.txt", "B".getBytes(StandardCharsets.UTF_8))), "sha1");
      }
    };
    Scaffolder s = Scaffolder.builder().defaultActions().urlReader(reader).workspaceRoot(tmp)
        .fetchTargets(RemoteTargets.builder().allowHost("git.example.com").build()) // no DNS in tests
        .build();
    Template t = Template.fromYaml("t.yaml", """
        apiVersion: scaffolder.backstage.io/v1beta3
        kind: Template
        metadata: { name: remote }
        spec:
          type: service
          steps:
            - { id: f, action: fetch:template, input: { url: ./skeleton, values: { name: r } } }
            - { id: g, action: fetch:template:file, input: { url: ../shared/x.txt, targetPath: x.txt, values: { name: r } } }
        """, "https://git.example.com/acme/templates/blob/main/demo/");
    s.runner().run(RunRequest.builder(t, ws).build());
    assertThat(ws.resolve("a.txt")).hasContent("A r");
    assertThat(ws.resolve("d/b.txt")).hasContent("B");
    assertThat(ws.resolve("x.txt")).hasContent("remote r");
    assertThat(asked).containsExactly(
        "https://git.example.com/acme/templates/blob/main/demo/skeleton",
        "https://git.example.com/acme/templates/blob/main/shared/x.txt");
  }

  @Test
  void debugLogListsTheWorkspace() {
    RunResult r = run("""
        - { id: f, action: fetch:template:file, input: { url: ./single.txt, targetPath: one.txt, values: { name: z } } }
        - { id: l, action: debug:log, input: { message: hello, listWorkspace: with-contents } }
        """);
    assertThat(r.log()).extracting(RunResult.LogLine::message)
        .contains("hello", "Workspace:\n - one.txt:\n\n  single z");
  }

  @Test
  void catalogWriteAndFetch() throws Exception {
    Catalog catalog = Catalog.builder().build();
    catalog.upsert(List.of(Entity.fromJson("""
        {"apiVersion":"backstage.io/v1alpha1","kind":"Group","metadata":{"name":"team-a","namespace":"default"},
         "spec":{"type":"team","children":[]}}""")));
    Scaffolder s = Scaffolder.builder().defaultActions().catalog(catalog).workspaceRoot(tmp).build();
    RunResult r = run(s, """
        - id: one
          action: catalog:fetch
          input: { entityRef: team-a, defaultKind: group }
        - id: many
          action: catalog:fetch
          input: { entityRefs: ["group:team-a", "group:nobody"], optional: true }
        - id: write
          action: catalog:write
          input:
            filePath: meta/catalog-info.yaml
            entity:
              apiVersion: backstage.io/v1alpha1
              kind: Component
              metadata: { name: svc }
              spec: { owner: "${{ steps.one.output.entity.metadata.name }}" }
        """);
    assertThat(r.stepOutputs().get("one").at("/entity/metadata/name").asString()).isEqualTo("team-a");
    assertThat(r.stepOutputs().get("many").get("entities").get(1).isNull()).isTrue();
    assertThat(ws.resolve("meta/catalog-info.yaml")).content()
        .contains("name: svc", "owner: team-a",
            "backstage.io/source-template: template:default/actions");
    assertThatThrownBy(() -> run(s, """
        - { id: x, action: catalog:fetch, input: { entityRef: "group:nobody" } }
        """)).isInstanceOf(StepFailedException.class).hasMessageContaining("group:nobody not found");
  }

  @Test
  void actionsListEverythingWithSchemas() {
    Scaffolder s = Scaffolder.builder().defaultActions().workspaceRoot(tmp).build();
    assertThat(s.actions()).extracting(a -> a.id()).containsExactly("approval:request", "catalog:fetch",
        "catalog:register", "catalog:write", "debug:log", "debug:wait", "fetch:plain",
        "fetch:plain:file", "fetch:template", "fetch:template:file", "fs:delete", "fs:readdir",
        "fs:rename", "publish:git", "workspace:template", "workspace:template:file");
    s.actions().forEach(a -> assertThat(a.inputSchema()).as(a.id()).isNotNull());
    assertThat(s.action("fetch:template").orElseThrow().examples()).isNotEmpty();
  }

  @Test
  void discoveryFindsServiceLoaderActionsOnlyWhenAskedFor() {
    assertThat(Scaffolder.builder().defaultActions().workspaceRoot(tmp).build()
        .action("test:discovered")).isEmpty();
    Scaffolder s = Scaffolder.builder().discoverActions().workspaceRoot(tmp).build();
    assertThat(s.action("test:discovered")).isPresent();
    RunResult r = run(s, "- { id: d, action: test:discovered, input: {} }");
    assertThat(r.stepOutputs().get("d").get("found").asBoolean()).isTrue();
  }

  @Test
  void userAndContextAreVisibleToTemplates() {
    Scaffolder s = Scaffolder.builder().defaultActions().workspaceRoot(tmp).build();
    Template t = Template.fromYaml("t.yaml", """
        apiVersion: scaffolder.backstage.io/v1beta3
        kind: Template
        metadata: { name: ctx }
        spec:
          type: service
          steps:
            - id: l
              action: debug:log
              input:
                message: "${{ user.ref }} ${{ user.entity.spec.profile.email }} ${{ context.task.id }} ${{ context.entityRef }}"
        """, null);
    RunResult r = s.runner().run(RunRequest.builder(t, ws).taskId("t-42")
        .user(new dev.greenroom.scaffolder.template.TemplateUser("user:default/jane",
            (tools.jackson.databind.node.ObjectNode) Json.parse(
                "{\"spec\":{\"profile\":{\"email\":\"jane@example.com\"}}}"))).build());
    assertThat(r.log()).extracting(RunResult.LogLine::message)
        .contains("user:default/jane jane@example.com t-42 template:default/ctx");
  }

  @Test
  void hostFiltersAndGlobalsRegisteredOnTheBuilderWork() {
    Scaffolder s = Scaffolder.builder().defaultActions().workspaceRoot(tmp)
        .filter("shout", (in, args) -> Json.nodes().stringNode(in.asString().toUpperCase() + "!"))
        .global("org", Json.nodes().stringNode("acme"))
        .build();
    RunResult r = run(s, "- { id: l, action: debug:log, input: { message: \"${{ org | shout }}\" } }");
    assertThat(r.log()).extracting(RunResult.LogLine::message).contains("ACME!");
    assertThat(s.renderer().hostFilters()).containsKey("shout");
    assertThat(Map.copyOf(s.renderer().hostGlobals())).containsKey("org");
  }
}
