package dev.greenroom.http.scaffolder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.io.EntityYamlReader;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.http.BackendServer;
import dev.greenroom.http.TestCatalog;
import dev.greenroom.http.auth.Permission;
import dev.greenroom.http.auth.PermissionDecision;
import dev.greenroom.http.auth.PermissionPolicy;
import dev.greenroom.scaffolder.Scaffolder;
import dev.greenroom.scaffolder.action.RemoteTargets;
import dev.greenroom.scaffolder.run.RunRequest;
import dev.greenroom.scaffolder.template.TemplateProvenance;
import dev.greenroom.scaffolder.template.TemplateUser;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The upgrade routes over HTTP: a repository created from template v1 (a real run pushing to a
 * local bare repository), edited locally, the template moved to v2 in its git history; then the
 * fleet view marks the entity outdated, the dry run shows the per-file diff, the upgrade pushes a
 * branch with v2 − v1 applied and the local edit kept, an unknown recorded version is 404 naming
 * it, and a caller without {@code scaffolder.task.create} gets 403.
 */
class UpgradeRoutesTest {
  static final String TEMPLATE = """
      apiVersion: scaffolder.backstage.io/v1beta3
      kind: Template
      metadata:
        name: demo
      spec:
        owner: group:default/platform
        type: service
        parameters:
          required: [name, remote]
          properties:
            name: { type: string }
            remote: { type: string }
        steps:
          - id: fetch
            name: Fetch skeleton
            action: fetch:template
            input:
              url: ./skeleton
              values:
                name: ${{ parameters.name }}
          - id: write
            action: catalog:write
            input:
              entity:
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata: { name: "${{ parameters.name }}" }
                spec: { type: service, lifecycle: experimental, owner: team-a }
          - id: publish
            action: publish:git
            input:
              remoteUrl: ${{ parameters.remote }}
              defaultBranch: main
      """;
  static final String APP = "service = ${{ values.name }}\nport = 8080\ntimeout = 30\nretries = 3\nlog = info\n";

  @TempDir Path dir;
  Path templates;
  Path bare;
  CatalogEngine engine;
  Scaffolder scaffolder;
  BackendServer server;
  final Set<Permission> denied = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void start() throws Exception {
    templates = dir.resolve("templates");
    Path scm = dir.resolve("scm");
    bare = scm.resolve("acme/svc.git");
    Files.createDirectories(bare);
    Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
    writeTemplate(TEMPLATE, APP);
    commit(templates, "v1", true);
    engine = CatalogEngine.builder().rules(CatalogRules.allowAll()).processingDisabled().build();
    engine.start();
    registerTemplate();
    scaffolder = Scaffolder.builder().defaultActions().catalogEngine(engine)
        .urlReader(new BareRepoTrees()).workspaceRoot(dir.resolve("work"))
        .publishTargets(RemoteTargets.builder().allowFileRoot(scm).build()).build();
    PermissionPolicy policy = (principal, permission) ->
        denied.contains(permission) ? PermissionDecision.deny() : PermissionDecision.allow();
    server = BackendServer.builder().host("127.0.0.1").port(0).catalog(engine)
        .permissionPolicy(policy)
        .plugin(ScaffolderApiPlugin.builder(scaffolder,
            dev.greenroom.scaffolder.task.TaskBroker.builder(
                new dev.greenroom.scaffolder.task.memory.MemoryTaskStore()).build(),
            engine.catalog()).build())
        .build().start();

    // a repository created from v1, registered, edited locally; then the template moves to v2
    ObjectNode values = Json.object();
    values.put("name", "svc");
    values.put("remote", bare.toUri().toString());
    scaffolder.runner().run(RunRequest.builder(scaffolder.template(
            dev.greenroom.catalog.model.EntityRef.parse("template:default/demo")), dir.resolve("task"))
        .parameters(values).user(TemplateUser.of("user:default/jane")).build());
    ObjectNode entity = (ObjectNode) EntityYamlReader.builder().build().read("catalog-info.yaml",
        new String(tree("main").get("catalog-info.yaml"), StandardCharsets.UTF_8)).get(0).root();
    entity.withObject("metadata").withObject("annotations").put("backstage.io/managed-by-location",
        "url:" + repoUrl() + "/blob/main/catalog-info.yaml");
    engine.catalog().upsert(List.of(Entity.fromJson(entity)));
    editLocally("app.conf", new String(tree("main").get("app.conf"), StandardCharsets.UTF_8)
        .replace("log = info", "log = debug"));
    writeTemplate(TEMPLATE.replace("name: Fetch skeleton", "name: Fetch the skeleton"),
        APP.replace("port = 8080", "port = 9090"));
    commit(templates, "v2", false);
    registerTemplate();
  }

  @AfterEach
  void stop() {
    server.close();
    engine.close();
  }

  private void writeTemplate(String yaml, String app) throws Exception {
    Files.createDirectories(templates.resolve("demo/skeleton"));
    Files.writeString(templates.resolve("demo/template.yaml"), yaml);
    Files.writeString(templates.resolve("demo/skeleton/app.conf"), app);
  }

  private static void commit(Path repo, String message, boolean init) throws Exception {
    try (Git git = init ? Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()
        : Git.open(repo.toFile())) {
      git.add().addFilepattern(".").call();
      PersonIdent who = new PersonIdent("Author", "author@example.com");
      git.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false).call();
    }
  }

  private void registerTemplate() throws Exception {
    Path file = templates.resolve("demo/template.yaml");
    ObjectNode root = (ObjectNode) EntityYamlReader.builder().build()
        .read("template.yaml", Files.readString(file)).get(0).root();
    root.withObject("metadata").withObject("annotations")
        .put("backstage.io/managed-by-location", "file:" + file);
    engine.catalog().upsert(List.of(Entity.fromJson(root)));
  }

  private String repoUrl() {
    return bare.getParent().resolve("svc").toUri().toString().replaceAll("/$", "");
  }

  private void editLocally(String path, String content) throws Exception {
    Path clone = dir.resolve("clone-" + System.nanoTime());
    try (Git git = Git.cloneRepository().setURI(bare.toUri().toString()).setBranch("main")
        .setDirectory(clone.toFile()).call()) {
      Files.createDirectories(clone.resolve(path).getParent());
      Files.writeString(clone.resolve(path), content);
      git.add().addFilepattern(".").call();
      PersonIdent who = new PersonIdent("Dev", "dev@example.com");
      git.commit().setMessage("local edit").setAuthor(who).setCommitter(who).setSign(false).call();
      git.push().call();
    }
  }

  private Map<String, byte[]> tree(String branch) throws Exception {
    Map<String, byte[]> out = new java.util.TreeMap<>();
    try (Repository repo = Git.open(bare.toFile()).getRepository(); RevWalk walk = new RevWalk(repo)) {
      ObjectId head = repo.resolve("refs/heads/" + branch);
      assertThat(head).as("branch " + branch).isNotNull();
      try (TreeWalk tw = new TreeWalk(repo)) {
        tw.addTree(walk.parseCommit(head).getTree());
        tw.setRecursive(true);
        while (tw.next()) {
          out.put(tw.getPathString(), repo.open(tw.getObjectId(0)).getBytes());
        }
      }
    }
    return out;
  }

  private HttpResponse<String> post(String path, String json) {
    return TestCatalog.post(server.baseUrl(), "/api/scaffolder" + path, json);
  }

  @Test
  void fleetDiffAndUpgradeThroughTheRestApi() throws Exception {
    HttpResponse<String> fleet = TestCatalog.get(server.baseUrl(),
        "/api/scaffolder/v2/upgrades?templateRef=template:default/demo");
    assertThat(fleet.statusCode()).as(fleet.body()).isEqualTo(200);
    JsonNode f = Json.parse(fleet.body());
    String v2 = f.get("currentVersion").asString();
    assertThat(f.get("items")).hasSize(1);
    assertThat(f.get("items").get(0).get("entityRef").asString()).isEqualTo("component:default/svc");
    assertThat(f.get("items").get(0).get("outdated").asBoolean()).isTrue();
    String v1 = f.get("items").get(0).get("version").asString();
    assertThat(v1).isNotEqualTo(v2);

    HttpResponse<String> diff = post("/v2/upgrades/dry-run", "{\"entityRef\":\"component:default/svc\"}");
    assertThat(diff.statusCode()).as(diff.body()).isEqualTo(200);
    JsonNode d = Json.parse(diff.body());
    assertThat(d.get("oldVersion").asString()).isEqualTo(v1);
    assertThat(d.get("newVersion").asString()).isEqualTo(v2);
    JsonNode app = null;
    for (JsonNode file : d.get("files")) {
      if (file.get("path").asString().equals("app.conf")) {
        app = file;
      }
    }
    assertThat(app).isNotNull();
    assertThat(app.get("status").asString()).isEqualTo("modified");
    assertThat(app.get("diff").asString()).contains("-port = 8080\n+port = 9090\n")
        .contains("-log = debug\n+log = info\n");

    HttpResponse<String> byRepo = post("/v2/upgrades/dry-run", "{\"templateRef\":\"template:default/demo\","
        + "\"repoUrl\":\"" + repoUrl() + "/tree/main/\"}");
    assertThat(byRepo.statusCode()).as(byRepo.body()).isEqualTo(200);
    assertThat(Json.parse(byRepo.body()).get("files")).isEqualTo(d.get("files"));

    HttpResponse<String> up = post("/v2/upgrades", "{\"entityRef\":\"component:default/svc\"}");
    assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
    JsonNode u = Json.parse(up.body());
    assertThat(u.get("pullRequestUrl").isNull()).isTrue();
    assertThat(u.get("conflicts")).isEmpty();
    String branch = u.get("branch").asString();
    assertThat(branch).isEqualTo("greenroom/upgrade-demo-" + v2.replace(':', '-'));
    assertThat(new String(tree(branch).get("app.conf"), StandardCharsets.UTF_8))
        .isEqualTo("service = svc\nport = 9090\ntimeout = 30\nretries = 3\nlog = debug\n");
    assertThat(new String(tree(branch).get(TemplateProvenance.VALUES_FILE), StandardCharsets.UTF_8))
        .contains(v2);
  }

  @Test
  void badInputAndPermissions() throws Exception {
    // the repository's values file names a version the template never had
    String file = new String(tree("main").get(TemplateProvenance.VALUES_FILE), StandardCharsets.UTF_8);
    String recorded = Json.parse(file).get("version").asString();
    editLocally(TemplateProvenance.VALUES_FILE, file.replace(recorded, "sha256:00000000deadbeef"));
    HttpResponse<String> unknown = post("/v2/upgrades", "{\"templateRef\":\"template:default/demo\","
        + "\"repoUrl\":\"" + repoUrl() + "/tree/main/\"}");
    assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
    assertThat(unknown.body()).contains("Unknown version sha256:00000000deadbeef of template:default/demo");

    assertThat(post("/v2/upgrades/dry-run", "{}").statusCode()).isEqualTo(400);
    assertThat(post("/v2/upgrades/dry-run", "{\"entityRef\":\"component:default/nobody\"}").statusCode())
        .isEqualTo(404);
    assertThat(TestCatalog.get(server.baseUrl(), "/api/scaffolder/v2/upgrades").statusCode())
        .isEqualTo(400);

    denied.add(Permission.TASK_CREATE);
    HttpResponse<String> refused = post("/v2/upgrades", "{\"entityRef\":\"component:default/svc\"}");
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("scaffolder.task.create");
    assertThat(post("/v2/upgrades/dry-run", "{\"entityRef\":\"component:default/svc\"}").statusCode())
        .isEqualTo(403);
  }
}
