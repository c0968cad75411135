package dev.greenroom.scaffolder.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.io.EntityYamlReader;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.scaffolder.Scaffolder;
import dev.greenroom.scaffolder.action.RemoteTargets;
import dev.greenroom.scaffolder.run.RunRequest;
import dev.greenroom.scaffolder.template.TemplateProvenance;
import dev.greenroom.scaffolder.template.TemplateUser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * Template upgrades end to end on real git repositories: a template kept in a git working tree
 * (its history is where v1 is found), a local bare repository standing in for the SCM host (read
 * through a tree-reading URL reader, pushed to with JGit), a repository created from v1 by a real
 * run, edited locally, and upgraded after the template moved to v2.
 */
class TemplateUpgradesTest {
  static final EntityRef TEMPLATE = EntityRef.parse("template:default/demo");
  static final EntityRef SVC = EntityRef.parse("component:default/svc");
  static final String SECRET = "tok-9f8e7d6c5b";

  @TempDir Path tmp;
  Path templates;
  Path scm;
  Path bare;
  Catalog catalog;
  Scaffolder scaffolder;
  final AtomicReference<PullRequestOpener.Request> opened = new AtomicReference<>();

  static final String TEMPLATE_V1 = """
      apiVersion: scaffolder.backstage.io/v1beta3
      kind: Template
      metadata:
        name: demo
        title: Demo service
      spec:
        owner: group:default/platform
        type: service
        parameters:
          - title: Service
            required: [name, owner, remote]
            properties:
              name:
                type: string
              owner:
                type: string
              remote:
                type: string
              note:
                type: string
          - title: Credentials
            properties:
              apiToken:
                type: string
                ui:field: Secret
        steps:
          - id: fetch
            name: Fetch skeleton
            action: fetch:template
            input:
              url: ./skeleton
              values:
                name: ${{ parameters.name }}
                owner: ${{ parameters.owner }}
          - id: write
            name: Catalog file
            action: catalog:write
            input:
              entity:
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata:
                  name: ${{ parameters.name }}
                spec:
                  type: service
                  lifecycle: experimental
                  owner: ${{ parameters.owner }}
          - id: publish
            name: Publish
            action: publish:git
            input:
              remoteUrl: ${{ parameters.remote }}
              defaultBranch: main
          - id: log
            action: debug:log
            input:
              message: done
      """;

  static final String APP_V1 = """
      service = ${{ values.name }}
      port = 8080
      timeout = 30
      retries = 3
      log = info
      """;

  @BeforeEach
  void setUp() throws Exception {
    templates = tmp.resolve("templates");
    scm = tmp.resolve("scm");
    bare = scm.resolve("acme/svc.git");
    Files.createDirectories(bare);
    Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
    writeTemplate(TEMPLATE_V1, Map.of(
        "skeleton/README.md", "# ${{ values.name }}\n\nOwned by ${{ values.owner }}.\n",
        "skeleton/app.conf", APP_V1,
        "skeleton/old.txt", "legacy\n"));
    commitTemplates("template v1");
    catalog = Catalog.builder().build();
    registerTemplate();
    scaffolder = Scaffolder.builder().defaultActions().catalog(catalog)
        .urlReader(new BareRepoTrees()).workspaceRoot(tmp.resolve("work"))
        .publishTargets(RemoteTargets.builder().allowFileRoot(scm).build()).build();
  }

  // ---- fixtures --------------------------------------------------------------------------------

  private void writeTemplate(String yaml, Map<String, String> files) throws Exception {
    Path dir = templates.resolve("demo");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("template.yaml"), yaml);
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path p = dir.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      Files.writeString(p, f.getValue());
    }
  }

  private void commitTemplates(String message) throws Exception {
    try (Git git = Files.isDirectory(templates.resolve(".git")) ? Git.open(templates.toFile())
        : Git.init().setDirectory(templates.toFile()).setInitialBranch("main").call()) {
      git.add().addFilepattern(".").call();
      git.add().addFilepattern(".").setUpdate(true).call();
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
    catalog.upsert(List.of(Entity.fromJson(root)));
  }

  private String repoUrl() {
    return bare.getParent().resolve("svc").toUri().toString().replaceAll("/$", "");
  }

  /** Runs the template for real: renders the skeleton and pushes it to the bare repository. */
  private void createFromTemplate() {
    ObjectNode values = Json.object();
    values.put("name", "svc");
    values.put("owner", "group:default/team-a");
    values.put("remote", bare.toUri().toString());
    values.put("note", "uses " + SECRET);
    values.put("apiToken", "hunter2-secret");
    scaffolder.runner().run(RunRequest.builder(scaffolder.template(TEMPLATE), tmp.resolve("task"))
        .parameters(values).secrets(Map.of("token", SECRET))
        .user(TemplateUser.of("user:default/jane")).build());
    // what catalog:register would add when the catalog reads the pushed file
    String yaml = new String(tree("main").get("catalog-info.yaml"), StandardCharsets.UTF_8);
    ObjectNode root = (ObjectNode) EntityYamlReader.builder().build().read("catalog-info.yaml", yaml)
        .get(0).root();
    root.withObject("metadata").withObject("annotations").put("backstage.io/managed-by-location",
        "url:" + repoUrl() + "/blob/main/catalog-info.yaml");
    catalog.upsert(List.of(Entity.fromJson(root)));
  }

  /** A developer's commit on main of the created repository. */
  private void editLocally(Map<String, String> files) throws Exception {
    Path clone = tmp.resolve("dev-clone-" + System.nanoTime());
    try (Git git = Git.cloneRepository().setURI(bare.toUri().toString()).setBranch("main")
        .setDirectory(clone.toFile()).call()) {
      for (Map.Entry<String, String> f : files.entrySet()) {
        Path p = clone.resolve(f.getKey());
        Files.createDirectories(p.getParent());
        Files.writeString(p, f.getValue());
      }
      git.add().addFilepattern(".").call();
      PersonIdent who = new PersonIdent("Dev", "dev@example.com");
      git.commit().setMessage("local edit").setAuthor(who).setCommitter(who).setSign(false).call();
      git.push().call();
    }
  }

  /** The template moves to v2: app.conf's port, README's last line, old.txt gone, new.txt new. */
  private void templateV2() throws Exception {
    Files.delete(templates.resolve("demo/skeleton/old.txt"));
    writeTemplate(TEMPLATE_V1, Map.of(
        "skeleton/README.md", "# ${{ values.name }}\n\nOwned by ${{ values.owner }}.\nSee docs/.\n",
        "skeleton/app.conf", APP_V1.replace("port = 8080", "port = 9090"),
        "skeleton/new.txt", "fresh ${{ values.name }}\n"));
    // a spec change too (a step's name), so the version moves even without skeleton hashing
    writeTemplate(TEMPLATE_V1.replace("name: Fetch skeleton", "name: Fetch the skeleton"), Map.of());
    commitTemplates("template v2");
    registerTemplate();
  }

  private Map<String, byte[]> tree(String branch) {
    Map<String, byte[]> out = new TreeMap<>();
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
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    return out;
  }

  private static String text(Map<String, byte[]> files, String path) {
    assertThat(files).containsKey(path);
    return new String(files.get(path), StandardCharsets.UTF_8);
  }

  private TemplateUpgrades upgrades() {
    return TemplateUpgrades.builder(scaffolder)
        .pullRequests(r -> {
          opened.set(r);
          return Optional.of("https://scm.example/acme/svc/pull/1");
        }).build();
  }

  // ---- provenance ------------------------------------------------------------------------------

  @Test
  void aCreatedRepositoryRecordsTemplateVersionAndValuesWithoutSecrets() {
    createFromTemplate();
    Map<String, byte[]> files = tree("main");
    String v1 = TemplateProvenance.version(scaffolder.template(TEMPLATE));
    assertThat(v1).matches("sha256:[0-9a-f]{16}");
    assertThat(text(files, "catalog-info.yaml"))
        .contains("backstage.io/source-template: template:default/demo")
        .contains(TemplateProvenance.VERSION_ANNOTATION + ": " + v1);
    TemplateProvenance p = TemplateProvenance.fromJson("values",
        files.get(TemplateProvenance.VALUES_FILE));
    assertThat(p.templateRef()).isEqualTo("template:default/demo");
    assertThat(p.version()).isEqualTo(v1);
    assertThat(p.userRef()).isEqualTo("user:default/jane");
    // the Secret field and the value holding a task secret are not recorded
    assertThat(p.values().propertyNames()).containsExactlyInAnyOrder("name", "owner", "remote");
    assertThat(text(files, TemplateProvenance.VALUES_FILE)).doesNotContain(SECRET)
        .doesNotContain("hunter2");
  }

  // ---- diff ------------------------------------------------------------------------------------

  @Test
  void diffShowsTheCurrentVersionAgainstTheRepository() throws Exception {
    createFromTemplate();
    editLocally(Map.of("src/Main.java", "class Main {}\n"));
    TemplateUpgrades upgrades = upgrades();
    assertThat(upgrades.diff(upgrades.target(SVC)).files()).as("nothing changed yet").isEmpty();

    String v1 = upgrades.currentVersion(TEMPLATE);
    templateV2();
    UpgradeDiff diff = upgrades.diff(upgrades.target(SVC));
    assertThat(diff.oldVersion()).isEqualTo(v1);
    assertThat(diff.newVersion()).isEqualTo(upgrades.currentVersion(TEMPLATE)).isNotEqualTo(v1);
    Map<String, FileChange> byPath = new TreeMap<>();
    diff.files().forEach(f -> byPath.put(f.path(), f));
    assertThat(byPath.keySet()).containsExactly(".greenroom/template-values.json", "README.md",
        "app.conf", "catalog-info.yaml", "new.txt");
    assertThat(byPath.get("new.txt").status()).isEqualTo(FileChange.Status.ADDED);
    assertThat(byPath.get("new.txt").diff()).startsWith("--- /dev/null\n+++ b/new.txt\n")
        .contains("+fresh svc");
    assertThat(byPath.get("app.conf").diff()).isEqualTo("""
        --- a/app.conf
        +++ b/app.conf
        @@ -1,5 +1,5 @@
         service = svc
        -port = 8080
        +port = 9090
         timeout = 30
         retries = 3
         log = info
        """);
    assertThat(byPath.get("catalog-info.yaml").diff()).contains("-    " + TemplateProvenance.VERSION_ANNOTATION + ": " + v1 + "\n"
            + "+    " + TemplateProvenance.VERSION_ANNOTATION + ": " + diff.newVersion());
  }

  // ---- three-way upgrade and branch ------------------------------------------------------------

  @Test
  void upgradeAppliesV2MinusV1AndKeepsLocalEdits() throws Exception {
    createFromTemplate();
    Map<String, byte[]> created = tree("main");
    String appV1 = text(created, "app.conf");
    editLocally(Map.of(
        "app.conf", appV1.replace("log = info", "log = debug") + "extra = yes\n",
        "src/Main.java", "class Main {}\n"));
    templateV2();
    Map<String, byte[]> before = tree("main");

    TemplateUpgrades upgrades = upgrades();
    UpgradeResult result = upgrades.open(upgrades.target(SVC));
    UpgradeDiff diff = result.diff();
    String v2 = upgrades.currentVersion(TEMPLATE);
    Map<String, FileChange.Status> statuses = new TreeMap<>();
    diff.files().forEach(f -> statuses.put(f.path(), f.status()));
    assertThat(statuses).containsExactlyEntriesOf(new TreeMap<>(Map.of(
        ".greenroom/template-values.json", FileChange.Status.MODIFIED,
        "README.md", FileChange.Status.MODIFIED,
        "app.conf", FileChange.Status.MERGED,
        "catalog-info.yaml", FileChange.Status.MODIFIED,
        "new.txt", FileChange.Status.ADDED,
        "old.txt", FileChange.Status.DELETED)));
    assertThat(diff.conflicts()).isEmpty();

    assertThat(result.branch()).isEqualTo("greenroom/upgrade-demo-" + v2.replace(':', '-'));
    Map<String, byte[]> upgraded = tree(result.branch());
    // exactly the template's change, with the developer's edits kept
    assertThat(text(upgraded, "app.conf")).isEqualTo(
        "service = svc\nport = 9090\ntimeout = 30\nretries = 3\nlog = debug\nextra = yes\n");
    assertThat(text(upgraded, "README.md"))
        .isEqualTo("# svc\n\nOwned by group:default/team-a.\nSee docs/.\n");
    assertThat(text(upgraded, "new.txt")).isEqualTo("fresh svc\n");
    assertThat(upgraded).doesNotContainKey("old.txt");
    assertThat(text(upgraded, "src/Main.java")).isEqualTo("class Main {}\n");
    assertThat(text(upgraded, "catalog-info.yaml")).isEqualTo(text(before, "catalog-info.yaml")
        .replace(diff.oldVersion(), v2));
    assertThat(TemplateProvenance.fromJson("v", upgraded.get(TemplateProvenance.VALUES_FILE))
        .version()).isEqualTo(v2);
    // nothing else in the repository moved, and main is untouched
    Map<String, byte[]> rest = new TreeMap<>(upgraded);
    List.of("app.conf", "README.md", "new.txt", "catalog-info.yaml", TemplateProvenance.VALUES_FILE)
        .forEach(rest::remove);
    Map<String, byte[]> restBefore = new TreeMap<>(before);
    List.of("app.conf", "README.md", "old.txt", "catalog-info.yaml", TemplateProvenance.VALUES_FILE)
        .forEach(restBefore::remove);
    assertThat(rest).containsOnlyKeys(restBefore.keySet());
    rest.forEach((k, v) -> assertThat(v).as(k).isEqualTo(restBefore.get(k)));
    assertThat(tree("main").keySet()).isEqualTo(before.keySet());

    assertThat(result.commit()).isNotNull();
    assertThat(result.pullRequestUrl()).isEqualTo("https://scm.example/acme/svc/pull/1");
    assertThat(opened.get().sourceBranch()).isEqualTo(result.branch());
    assertThat(opened.get().targetBranch()).isEqualTo("main");
    assertThat(opened.get().description()).contains("app.conf (merged)");

    // once upgraded and merged, the entity records v2 and there is nothing left to do
    assertThat(upgrades.plan(new UpgradeTarget(SVC, TEMPLATE, v2, upgrades.target(SVC).values(),
        null, upgrades.target(SVC).repository())).files()).isEmpty();
  }

  @Test
  void overlappingEditsAreConflictsWithMarkers() throws Exception {
    createFromTemplate();
    String appV1 = text(tree("main"), "app.conf");
    editLocally(Map.of("app.conf", appV1.replace("port = 8080", "port = 7000")));
    templateV2();
    TemplateUpgrades upgrades = upgrades();
    UpgradeDiff diff = upgrades.plan(upgrades.target(SVC));
    assertThat(diff.conflicts()).extracting(FileChange::path).containsExactly("app.conf");
    String merged = new String(diff.conflicts().get(0).content(), StandardCharsets.UTF_8);
    assertThat(merged).contains("<<<<<<< repository\nport = 7000\n=======\nport = 9090\n>>>>>>> template (new version)");
  }

  @Test
  void anUnknownTemplateVersionIsAClearError() throws Exception {
    createFromTemplate();
    templateV2();
    TemplateUpgrades upgrades = upgrades();
    UpgradeTarget t = upgrades.target(SVC);
    UpgradeTarget unknown = new UpgradeTarget(SVC, TEMPLATE, "sha256:00000000deadbeef", t.values(),
        null, t.repository());
    assertThatThrownBy(() -> upgrades.plan(unknown))
        .isInstanceOf(UpgradeException.class)
        .hasMessageContaining("Unknown version sha256:00000000deadbeef of template:default/demo")
        .hasMessageContaining("component:default/svc")
        .satisfies(e -> assertThat(((UpgradeException) e).reason())
            .isEqualTo(UpgradeException.Reason.NOT_FOUND));
    // without a git history (a host that keeps no old versions) v1 is unknown too
    TemplateUpgrades noHistory = TemplateUpgrades.builder(scaffolder)
        .versions(TemplateVersions.of(List.of())).build();
    assertThatThrownBy(() -> noHistory.plan(t)).isInstanceOf(UpgradeException.class)
        .hasMessageContaining("Unknown version " + t.recordedVersion());
  }

  @Test
  void anEntityNoTemplateMadeIsRefused() throws Exception {
    catalog.upsert(List.of(Entity.fromJson("""
        {"apiVersion":"backstage.io/v1alpha1","kind":"Component","metadata":{"name":"hand-made"},
         "spec":{"type":"service","owner":"team-a","lifecycle":"production"}}""")));
    TemplateUpgrades upgrades = upgrades();
    assertThatThrownBy(() -> upgrades.target(EntityRef.parse("component:default/hand-made")))
        .isInstanceOf(UpgradeException.class)
        .hasMessageContaining("component:default/hand-made has no backstage.io/source-template");
    assertThatThrownBy(() -> upgrades.target(EntityRef.parse("component:default/nobody")))
        .hasMessageContaining("Entity component:default/nobody not found");
  }

  // ---- fleet -----------------------------------------------------------------------------------

  @Test
  void fleetListsEntitiesWithTheirVersionsAndMarksOldOnes() throws Exception {
    createFromTemplate();
    String v1 = upgrades().currentVersion(TEMPLATE);
    templateV2();
    String v2 = upgrades().currentVersion(TEMPLATE);
    catalog.upsert(List.of(component("fresh", v2), component("unversioned", null),
        Entity.fromJson("""
            {"apiVersion":"backstage.io/v1alpha1","kind":"Component","metadata":{"name":"other",
             "annotations":{"backstage.io/source-template":"template:default/another"}},
             "spec":{"type":"service","owner":"team-a","lifecycle":"production"}}""")));
    assertThat(upgrades().fleet(TEMPLATE)).containsExactly(
        new FleetEntry(EntityRef.parse("component:default/fresh"), v2, false),
        new FleetEntry(SVC, v1, true),
        new FleetEntry(EntityRef.parse("component:default/unversioned"), null, true));
  }

  private static Entity component(String name, String version) {
    ObjectNode e = (ObjectNode) Json.parse("""
        {"apiVersion":"backstage.io/v1alpha1","kind":"Component","metadata":{"name":"%s",
         "annotations":{"backstage.io/source-template":"template:default/demo"}},
         "spec":{"type":"service","owner":"team-a","lifecycle":"production"}}""".formatted(name));
    if (version != null) {
      e.withObject("metadata").withObject("annotations")
          .put(TemplateProvenance.VERSION_ANNOTATION, version);
    }
    return Entity.fromJson(e);
  }
}
