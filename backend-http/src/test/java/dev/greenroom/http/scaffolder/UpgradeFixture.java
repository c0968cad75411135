package dev.greenroom.http.scaffolder;

import dev.greenroom.catalog.io.EntityYamlReader;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.http.BackendServer;
import dev.greenroom.http.auth.Permission;
import dev.greenroom.http.auth.PermissionDecision;
import dev.greenroom.http.auth.PermissionPolicy;
import dev.greenroom.scaffolder.Scaffolder;
import dev.greenroom.scaffolder.action.RemoteTargets;
import dev.greenroom.scaffolder.run.RunRequest;
import dev.greenroom.scaffolder.template.TemplateUser;
import dev.greenroom.scaffolder.upgrade.BareRepoTrees;
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
import tools.jackson.databind.node.ObjectNode;

/**
 * A template upgrade world behind a real server, shared by the upgrade routes' tests and the CLI's
 * {@code template} command tests (from this module's test-jar): a repository created from template
 * v1 by a real run pushing to a local bare repository, registered in the catalog, edited locally
 * ({@code log = debug}), and the template moved to v2 ({@code port = 9090}) in its git history; the
 * scaffolder routes mounted with a policy that denies what {@link #denied()} holds.
 */
public final class UpgradeFixture implements AutoCloseable {
  /** The template, version 1; version 2 renames a step and changes the skeleton's port. */
  public static final String TEMPLATE = """
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
  /** The skeleton's {@code app.conf}, version 1. */
  public static final String APP = "service = ${{ values.name }}\nport = 8080\ntimeout = 30\nretries = 3\nlog = info\n";

  private final Path dir;
  private final Path templates;
  private final Path bare;
  private final CatalogEngine engine;
  private final Scaffolder scaffolder;
  private final BackendServer server;
  private final Set<Permission> denied = ConcurrentHashMap.newKeySet();

  /**
   * Builds the world in {@code dir} (a test's temporary folder): the bare repository created from
   * v1 and edited, the template at v2, the server started.
   */
  public UpgradeFixture(Path dir) throws Exception {
    this.dir = dir;
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

  /** The running server. */
  public BackendServer server() {
    return server;
  }

  /** Permissions the server's policy denies; a test adds to it. */
  public Set<Permission> denied() {
    return denied;
  }

  @Override
  public void close() {
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

  /** The created repository's web-style URL ({@code file:///.../acme/svc}). */
  public String repoUrl() {
    return bare.getParent().resolve("svc").toUri().toString().replaceAll("/$", "");
  }

  /** A developer's commit of one file on the created repository's {@code main}. */
  public void editLocally(String path, String content) throws Exception {
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

  /** The files of a branch of the created repository, by path. */
  public Map<String, byte[]> tree(String branch) throws Exception {
    Map<String, byte[]> out = new java.util.TreeMap<>();
    try (Repository repo = Git.open(bare.toFile()).getRepository(); RevWalk walk = new RevWalk(repo)) {
      ObjectId head = repo.resolve("refs/heads/" + branch);
      if (head == null) {
        throw new IllegalStateException("no branch " + branch + " in " + bare);
      }
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
}
