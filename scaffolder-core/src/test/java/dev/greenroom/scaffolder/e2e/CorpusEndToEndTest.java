package dev.greenroom.scaffolder.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.Relation;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.scaffolder.Scaffolder;
import dev.greenroom.scaffolder.action.ActionContext;
import dev.greenroom.scaffolder.action.ActionEnvironment;
import dev.greenroom.scaffolder.action.RemoteTargets;
import dev.greenroom.scaffolder.action.TemplateAction;
import dev.greenroom.scaffolder.action.builtin.FetchTemplateAction;
import dev.greenroom.scaffolder.action.builtin.PublishGitAction;
import dev.greenroom.scaffolder.render.internal.BackstageFilters;
import dev.greenroom.scaffolder.run.RunListener;
import dev.greenroom.scaffolder.run.RunRequest;
import dev.greenroom.scaffolder.run.RunResult;
import dev.greenroom.scaffolder.template.Template;
import dev.greenroom.scaffolder.template.TemplateUser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.node.ObjectNode;

/**
 * Real corpus templates run end to end, unchanged: their skeleton is rendered into a workspace,
 * {@code publish:github} pushes it to a local bare git repository (a host action over the built-in
 * {@code publish:git}, standing in for GitHub), and {@code catalog:register} registers the pushed
 * {@code catalog-info.yaml} with a real catalog engine, which then holds the new entity with its
 * relations. {@code fetch:cookiecutter} is served by {@code fetch:template} in cookiecutter mode
 * (Backstage's documented migration), {@code notification:send} by a recording host action.
 */
class CorpusEndToEndTest {
  @TempDir Path tmp;
  Path gitRoot;
  CatalogEngine engine;
  final List<String> notifications = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    gitRoot = tmp.resolve("git-host");
    Files.createDirectories(gitRoot);
    engine = CatalogEngine.builder().urlReader(new BareRepoUrlReader())
        .rules(CatalogRules.allowAll()).processingDisabled().build();
    engine.start();
  }

  @AfterEach
  void tearDown() {
    engine.close();
  }

  /** {@code publish:github} against the local git host: repoUrl names {@code <root>/<owner>/<repo>.git}. */
  final class LocalGitHub implements TemplateAction {
    private final PublishGitAction git;

    LocalGitHub(ActionEnvironment env) {
      this.git = new PublishGitAction(env);
    }

    @Override
    public String id() {
      return "publish:github";
    }

    @Override
    public void execute(ActionContext ctx) throws Exception {
      Map<String, Object> repo = BackstageFilters.parseRepoUrl(ctx.input().get("repoUrl").asString());
      Path bare = gitRoot.resolve(repo.get("owner") + "/" + repo.get("repo") + ".git");
      Git.init().setBare(true).setDirectory(bare.toFile()).call().close();
      ObjectNode in = Json.object();
      in.put("remoteUrl", bare.toUri().toString().replaceAll("/$", ""));
      in.put("defaultBranch", ctx.input().path("defaultBranch").asString("master"));
      in.put("gitCommitMessage", "initial commit");
      git.execute(new ForwardingContext(ctx, in));
    }
  }

  private Scaffolder scaffolder() {
    // the deployer opts in to pushing into the local bare repositories that stand in for GitHub
    Scaffolder base = Scaffolder.builder().catalogEngine(engine).workspaceRoot(tmp)
        .publishTargets(RemoteTargets.builder().allowFileRoot(gitRoot).build()).build();
    ActionEnvironment env = base.environment();
    FetchTemplateAction fetch = new FetchTemplateAction(env);
    TemplateAction cookiecutter = new TemplateAction() {
      @Override
      public String id() {
        return "fetch:cookiecutter";
      }

      @Override
      public void execute(ActionContext ctx) throws Exception {
        ObjectNode in = ctx.input().deepCopy();
        in.put("cookiecutterCompat", true);
        fetch.execute(new ForwardingContext(ctx, in));
      }
    };
    TemplateAction notify = new TemplateAction() {
      @Override
      public String id() {
        return "notification:send";
      }

      @Override
      public void execute(ActionContext ctx) {
        notifications.add(ctx.input().path("title").asString());
      }
    };
    return Scaffolder.builder().defaultActions().catalogEngine(engine).workspaceRoot(tmp)
        .action(new LocalGitHub(env)).action(cookiecutter).action(notify).build();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "software-templates/scaffolder-templates/docs-template|{\"name\":\"handbook\",\"description\":\"Team handbook\",\"owner\":\"group:default/team-c\",\"repoUrl\":\"github.com?owner=acme&repo=handbook\"}|handbook|group:default/team-c|master",
      "software-templates/scaffolder-templates/create-react-app|{\"component_id\":\"web-shop\",\"description\":\"Shop front\",\"owner\":\"group:default/team-b\",\"repoUrl\":\"github.com?owner=acme&repo=web-shop\"}|web-shop|group:default/team-b|master",
      "software-templates/scaffolder-templates/react-ssr-template|{\"component_id\":\"ssr-app\",\"owner\":\"group:default/team-a\",\"repoUrl\":\"github.com?owner=acme&repo=ssr-app\"}|ssr-app|group:default/team-a|master",
      "software-templates/scaffolder-templates/springboot-grpc-template|{\"component_id\":\"orders\",\"java_package_name\":\"io.acme.orders\",\"description\":\"Orders service\",\"owner\":\"group:default/team-a\",\"repoUrl\":\"github.com?owner=acme&repo=orders\"}|orders|group:default/team-a|master",
      "software-templates/scaffolder-templates/docs-template-cookiecutter|{\"name\":\"runbooks\",\"description\":\"Ops runbooks\",\"owner\":\"group:default/ops\",\"repoUrl\":\"github.com?owner=acme&repo=runbooks\"}|runbooks|group:default/ops|master",
      "create-app-example-template/examples/template|{\"name\":\"hello-service\",\"repoUrl\":\"github.com?owner=acme&repo=hello-service\"}|hello-service|user:default/guest|main",
  })
  void runsEndToEnd(String dir, String values, String name, String owner, String branch)
      throws Exception {
    Path templateDir = Path.of(getClass().getResource("/corpus/templates/" + dir).toURI());
    Template t = Template.fromYaml(dir, Files.readString(templateDir.resolve("template.yaml")),
        templateDir.toUri().toString());
    Path workspace = tmp.resolve("tasks/" + name);
    List<String> log = new ArrayList<>();
    RunResult result = scaffolder().runner().run(RunRequest.builder(t, workspace)
        .taskId("task-" + name).parameters(Json.parse(values))
        .user(TemplateUser.of("user:default/jane")).build(), new RunListener() {
          @Override
          public void log(String stepId, String message) {
            log.add(stepId + ": " + message);
          }
        });

    // the skeleton was rendered into the workspace
    Map<String, String> files = workspaceFiles(workspace);
    assertThat(files).containsKey("catalog-info.yaml");
    assertThat(files.get("catalog-info.yaml")).contains(name).doesNotContain("${{")
        .doesNotContain("{{ cookiecutter");

    // the pushed commit holds exactly the workspace files with the same bytes
    Path bare = gitRoot.resolve("acme/" + name + ".git");
    Map<String, String> pushed = new TreeMap<>();
    String commitHash;
    try (Repository repo = Git.open(bare.toFile()).getRepository(); RevWalk walk = new RevWalk(repo)) {
      ObjectId head = repo.resolve("refs/heads/" + branch);
      assertThat(head).as("branch " + branch + " pushed").isNotNull();
      RevCommit c = walk.parseCommit(head);
      commitHash = c.getName();
      assertThat(c.getFullMessage()).isEqualTo("initial commit");
      assertThat(c.getAuthorIdent().getName()).isEqualTo("Scaffolder");
      try (TreeWalk tw = new TreeWalk(repo)) {
        tw.addTree(c.getTree());
        tw.setRecursive(true);
        while (tw.next()) {
          pushed.put(tw.getPathString(),
              new String(repo.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
        }
      }
    }
    assertThat(pushed).isEqualTo(files);
    assertThat(result.stepOutputs().get("publish").get("commitHash").asString())
        .isEqualTo(commitHash);

    // the catalog shows the new entity with its relations
    assertThat(engine.awaitIdle(Duration.ofSeconds(30))).isTrue();
    Entity e = engine.catalog().entity(EntityRef.parse("component:default/" + name)).orElseThrow();
    assertThat(e.relations()).contains(new Relation("ownedBy", EntityRef.parse(owner)));
    assertThat(e.metadata().annotation("backstage.io/managed-by-location"))
        .startsWith("url:file:").endsWith("/acme/" + name + "/blob/" + branch + "/catalog-info.yaml");
    assertThat(engine.locations()).hasSize(1);

    // the rendered output points at both
    assertThat(result.output().at("/links/0/url").asString())
        .isEqualTo(result.stepOutputs().get("publish").get("remoteUrl").asString());
    assertThat(result.output().at("/links/1/entityRef").asString())
        .isEqualTo("component:default/" + name);
    assertThat(log).anyMatch(l -> l.startsWith("publish: Pushed branch " + branch));
    if (dir.startsWith("create-app")) {
      assertThat(notifications).containsExactly("Template executed");
    }
  }

  private static Map<String, String> workspaceFiles(Path ws) throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(ws)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        out.put(ws.relativize(p).toString().replace('\\', '/'), Files.readString(p));
      }
    }
    return out;
  }
}
