package dev.greenroom.techdocs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.techdocs.TechDocsTest.MapUrlReader;
import dev.greenroom.techdocs.source.DocsRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression tests for security issue 18, items 4 and 10 (nav): TechDocs builds from the server's
 * disk only where the catalog read the entity (or an allowed root), and a {@code url:} source's
 * reads are bounded.
 */
class SourceConfinementTest {
  @TempDir Path tmp;

  static Entity entity(String name, Map<String, String> annotations) {
    StringBuilder a = new StringBuilder();
    annotations.forEach((k, v) -> a.append(a.length() == 0 ? "" : ",")
        .append('"').append(k).append("\":\"").append(v).append('"'));
    return Entity.fromJson("""
        {"apiVersion":"backstage.io/v1alpha1","kind":"Component",
         "metadata":{"name":"%s","namespace":"default","annotations":{%s}},
         "spec":{"type":"service","lifecycle":"production","owner":"team-a"}}
        """.formatted(name, a));
  }

  /** A folder of the server's with docs in it: what the attack reads. */
  Path secretFolder() throws IOException {
    Path dir = tmp.resolve("server/secrets");
    Files.createDirectories(dir.resolve("docs"));
    Files.writeString(dir.resolve("docs/index.md"), "# Secrets\n");
    Files.writeString(dir.resolve("credentials.txt"), "password=hunter2\n");
    return dir;
  }

  @Test
  void aFileSourceLocationClaimedByAnEntityReadFromAUrlIsRefused() throws IOException {
    Path secrets = secretFolder();
    Entity e = entity("intruder", Map.of(
        "backstage.io/techdocs-ref", "dir:.",
        "backstage.io/source-location", "file:" + secrets.resolve("catalog-info.yaml"),
        "backstage.io/managed-by-location", "url:https://git.example.com/o/r/blob/main/catalog-info.yaml",
        "backstage.io/managed-by-origin-location", "url:https://git.example.com/o/r/blob/main/catalog-info.yaml"));
    try (TechDocs docs = TechDocs.builder().publishDirectory(tmp.resolve("pub")).build()) {
      List<String> log = new ArrayList<>();
      assertThatThrownBy(() -> docs.sync(e, log::add))
          .isInstanceOf(TechDocsException.class)
          .hasMessageContaining("component:default/intruder")
          .hasMessageContaining("Refusing to build")
          .hasMessageContaining(secrets.toString())
          .hasMessageContaining("allowed file roots");
      assertThat(log).anyMatch(l -> l.startsWith("ERROR: Refusing to build"));
      assertThat(docs.file(EntityRef.of("component", "default", "intruder"), "credentials.txt")).isEmpty();
    }
  }

  @Test
  void aFileSourceLocationInsideAnAllowedRootBuilds() throws IOException {
    Path secrets = secretFolder();
    Entity e = entity("allowed", Map.of(
        "backstage.io/techdocs-ref", "dir:.",
        "backstage.io/source-location", "file:" + secrets.resolve("catalog-info.yaml"),
        "backstage.io/managed-by-location", "url:https://git.example.com/o/r/blob/main/catalog-info.yaml"));
    try (TechDocs docs = TechDocs.builder().publishDirectory(tmp.resolve("pub"))
        .allowedFileRoots(List.of(tmp.resolve("server"))).build()) {
      assertThat(docs.sync(e).updated()).isTrue();
    }
  }

  @Test
  void aFileSourceLocationInsideTheFolderTheCatalogReadIsTrusted() throws IOException {
    Path repo = tmp.resolve("repo");
    Files.createDirectories(repo.resolve("svc/docs"));
    Files.writeString(repo.resolve("svc/docs/index.md"), "# Svc\n");
    Entity inside = entity("svc", Map.of(
        "backstage.io/techdocs-ref", "dir:.",
        "backstage.io/source-location", "file:" + repo.resolve("svc/catalog-info.yaml"),
        "backstage.io/managed-by-location", "file:" + repo.resolve("catalog-info.yaml")));
    Entity outside = entity("svc2", Map.of(
        "backstage.io/techdocs-ref", "dir:.",
        "backstage.io/source-location", "file:" + tmp.resolve("elsewhere/catalog-info.yaml"),
        "backstage.io/managed-by-location", "file:" + repo.resolve("catalog-info.yaml")));
    try (TechDocs docs = TechDocs.builder().publishDirectory(tmp.resolve("pub")).build()) {
      assertThat(docs.resolve(inside)).isEqualTo(new DocsRef("dir", repo.resolve("svc").toString()));
      assertThatThrownBy(() -> docs.resolve(outside)).isInstanceOf(TechDocsException.class)
          .hasMessageContaining("component:default/svc2").hasMessageContaining("Refusing");
    }
  }

  @Test
  void aSymbolicLinkInsideTheCatalogFolderDoesNotLeadOut() throws IOException {
    Path secrets = secretFolder();
    Path repo = tmp.resolve("repo");
    Files.createDirectories(repo);
    Files.createSymbolicLink(repo.resolve("link"), secrets);
    Entity e = entity("linked", Map.of(
        "backstage.io/techdocs-ref", "dir:.",
        "backstage.io/source-location", "file:" + repo.resolve("link/catalog-info.yaml"),
        "backstage.io/managed-by-location", "file:" + repo.resolve("catalog-info.yaml")));
    try (TechDocs docs = TechDocs.builder().publishDirectory(tmp.resolve("pub")).build()) {
      assertThatThrownBy(() -> docs.resolve(e)).hasMessageContaining("Refusing");
    }
  }

  @Test
  void aTwentyThousandEntryNavStopsAtTheReadLimit() {
    MapUrlReader reader = new MapUrlReader();
    String base = "https://docs.example.com/repo/";
    StringBuilder yml = new StringBuilder("site_name: big\nnav:\n");
    for (int i = 0; i < 20_000; i++) {
      yml.append("  - p").append(i).append(".md\n");
    }
    reader.files.put(base + "mkdocs.yml", yml.toString().getBytes(StandardCharsets.UTF_8));
    reader.files.put(base + "docs/p0.md", "# zero\n".getBytes(StandardCharsets.UTF_8));
    Entity e = entity("big", Map.of(
        "backstage.io/techdocs-ref", "url:" + base,
        "backstage.io/managed-by-location", "url:" + base + "catalog-info.yaml"));
    try (TechDocs docs = TechDocs.builder().publishDirectory(tmp.resolve("pub")).urlReader(reader).build()) {
      List<String> log = new ArrayList<>();
      assertThatThrownBy(() -> docs.sync(e, log::add))
          .isInstanceOf(TechDocsException.class)
          .hasMessageContaining("component:default/big")
          .hasMessageContaining("more than 1000 reads");
      assertThat(reader.reads.size()).isLessThanOrEqualTo(1_000);
      assertThat(log).anyMatch(l -> l.startsWith("ERROR: ") && l.contains("1000 reads")
          && l.contains("component:default/big"));
      assertThat(docs.buildLog(e.ref())).anyMatch(l -> l.contains("1000 reads"));
    }
  }

  @Test
  void theReadLimitIsConfigurable() {
    MapUrlReader reader = new MapUrlReader();
    String base = "https://docs.example.com/repo/";
    reader.files.put(base + "mkdocs.yml", "site_name: s\nnav:\n  - a.md\n  - b.md\n  - c.md\n"
        .getBytes(StandardCharsets.UTF_8));
    Entity e = entity("small", Map.of("backstage.io/techdocs-ref", "url:" + base));
    try (TechDocs docs = TechDocs.builder().publishDirectory(tmp.resolve("pub")).urlReader(reader)
        .urlSourceLimits(3, 1_000_000).build()) {
      assertThatThrownBy(() -> docs.sync(e)).hasMessageContaining("more than 3 reads");
      assertThat(reader.reads).hasSize(3);
    }
  }
}
