package dev.greenroom.catalog.processing.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.processing.LocationSpec;
import dev.greenroom.catalog.processing.ProcessingResult;
import dev.greenroom.catalog.processing.location.FileLocations;
import dev.greenroom.catalog.processing.location.LocationTargets;
import dev.greenroom.catalog.processing.location.TestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileReaderProcessorTest {
  @TempDir Path tmp;

  private static final String COMPONENT = """
      apiVersion: backstage.io/v1alpha1
      kind: Component
      metadata:
        name: %s
      spec:
        type: service
        owner: team
        lifecycle: production
      """;

  private Path write(String rel, String content) throws IOException {
    Path p = tmp.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return p.toAbsolutePath().normalize();
  }

  private TestContext read(FileReaderProcessor p, LocationSpec location) {
    TestContext ctx = new TestContext(location);
    assertThat(p.readLocation(location, ctx)).isTrue();
    return ctx;
  }

  @Test
  void readsAFileEmittingEntitiesAtTheirFileAndARefreshKey() throws IOException {
    Path a = write("a.yaml", COMPONENT.formatted("a") + "---\n" + COMPONENT.formatted("b"));
    TestContext ctx = read(new FileReaderProcessor(FileLocations.within(tmp)), LocationSpec.of("file", a.toString()));
    assertThat(ctx.errors()).isEmpty();
    assertThat(ctx.entities()).extracting(e -> e.entity().metadata().name()).containsExactly("a", "b");
    assertThat(ctx.entities()).allSatisfy(e -> assertThat(e.location()).isEqualTo(LocationSpec.of("file", a.toString())));
    assertThat(ctx.refreshKeys()).containsExactly("file:" + a);
  }

  @Test
  void otherTypesAreNotMine() {
    FileReaderProcessor p = new FileReaderProcessor();
    assertThat(p.name()).isEqualTo("FileReaderProcessor");
    assertThat(p.readLocation(LocationSpec.of("url", "https://x/y.yaml"), new TestContext(LocationSpec.of("url", "https://x")))).isFalse();
  }

  @Test
  void corpusLocationTargetsMatchTheExpectedFiles() throws Exception {
    Path root = Path.of(getClass().getResource("/corpus/roadie-backstage-plugins/catalog-info.yaml").toURI());
    FileReaderProcessor p = new FileReaderProcessor(FileLocations.within(root.getParent()));
    LocationSpec rootLoc = LocationSpec.of("file", root.toString());
    TestContext top = read(p, rootLoc);
    assertThat(top.entities()).extracting(e -> e.entity().kind()).containsExactly("Component", "Location");
    var location = top.entities().get(1).entity();
    List<String> targets = location.specStrings("targets");
    assertThat(targets).containsExactly("./plugins/**/catalog-info.yaml", "./utils/**/catalog-info.yaml");

    String plugins = LocationTargets.resolve(rootLoc, "file", targets.get(0));
    TestContext pctx = read(p, LocationSpec.of("file", plugins));
    assertThat(pctx.errors()).isEmpty();
    List<String> files = pctx.entities().stream().map(e -> e.location().target()).distinct().collect(Collectors.toList());
    assertThat(files).hasSize(21).isSorted();
    assertThat(files).allSatisfy(f -> assertThat(f).startsWith(root.getParent().resolve("plugins").toString()).endsWith("catalog-info.yaml"));
    assertThat(pctx.refreshKeys()).hasSize(21).allSatisfy(k -> assertThat(k).startsWith("file:"));
    assertThat(pctx.entities()).anySatisfy(e -> assertThat(e.entity().metadata().name()).isEqualTo("backstage-plugin-argo-cd"));

    String utils = LocationTargets.resolve(rootLoc, "file", targets.get(1));
    TestContext uctx = read(p, LocationSpec.of("file", utils));
    assertThat(uctx.entities()).isEmpty();
    assertThat(uctx.errors()).singleElement().satisfies(e -> {
      assertThat(e.error().name()).isEqualTo("NotFoundError");
      assertThat(e.error().message()).isEqualTo("file " + utils + " does not exist");
    });
    TestContext optional = read(p, LocationSpec.of("file", utils).withOptional(true));
    assertThat(optional.results).isEmpty();
  }

  @Test
  void missingFileIsNotFound() {
    String target = tmp.resolve("missing.yaml").toString();
    TestContext ctx = read(new FileReaderProcessor(), LocationSpec.of("file", target));
    assertThat(ctx.errors()).singleElement().satisfies(e ->
        assertThat(e.error()).hasToString("NotFoundError: file " + target + " does not exist"));
  }

  @Test
  void fileOverTheSizeLimitIsAnErrorNamingTheFile() throws IOException {
    Path big = write("big.yaml", COMPONENT.formatted("big") + "#" + "x".repeat(2000) + "\n");
    TestContext ctx = read(new FileReaderProcessor(FileLocations.within(tmp), 1000), LocationSpec.of("file", big.toString()));
    assertThat(ctx.entities()).isEmpty();
    assertThat(ctx.errors()).singleElement().satisfies(e -> {
      assertThat(e.error().message()).contains(big.toString()).contains("larger than the limit of 1000");
      assertThat(e.location().target()).isEqualTo(big.toString());
    });
  }

  @Test
  void aliasBombIsAnErrorNamingTheFile() throws IOException {
    StringBuilder sb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    char prev = 'a';
    for (char c = 'b'; c <= 'j'; c++) {
      sb.append(c).append(": &").append(c).append(" [");
      for (int i = 0; i < 10; i++) {
        sb.append(i == 0 ? "" : ", ").append('*').append(prev);
      }
      sb.append("]\n");
      prev = c;
    }
    Path bomb = write("bomb.yaml", sb.toString());
    TestContext ctx = read(new FileReaderProcessor(FileLocations.within(tmp)), LocationSpec.of("file", bomb.toString()));
    assertThat(ctx.entities()).isEmpty();
    assertThat(ctx.errors()).singleElement().satisfies(e ->
        assertThat(e.error().message()).contains(bomb.toString()).contains("alias bomb"));
  }

  @Test
  void malformedYamlIsAnErrorNamingTheFile() throws IOException {
    Path bad = write("bad.yaml", "kind: Component\nmetadata: {name: [unclosed\n");
    TestContext ctx = read(new FileReaderProcessor(), LocationSpec.of("file", bad.toString()));
    assertThat(ctx.errors()).singleElement().satisfies(e ->
        assertThat(e.error().message()).startsWith("YAML error at " + bad));
  }

  @Test
  void targetOutsideTheRootsIsNotAllowed() throws IOException {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Path secret = write("secret.yaml", COMPONENT.formatted("s"));
    String escape = root + "/../secret.yaml";
    TestContext ctx = read(new FileReaderProcessor(FileLocations.within(root)), LocationSpec.of("file", escape));
    assertThat(ctx.entities()).isEmpty();
    assertThat(ctx.errors()).singleElement().satisfies(e -> {
      assertThat(e.error().name()).isEqualTo("NotAllowedError");
      assertThat(e.error().message()).contains(escape).contains(root.toRealPath().toString());
    });
    TestContext glob = read(new FileReaderProcessor(FileLocations.within(root)), LocationSpec.of("file", root + "/../*.yaml"));
    assertThat(glob.errors()).singleElement().satisfies(e -> assertThat(e.error().name()).isEqualTo("NotAllowedError"));
    assertThat(secret).exists();
  }

  @Test
  void folderTargetsAreErrors() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("dir"));
    TestContext slash = read(new FileReaderProcessor(), LocationSpec.of("file", dir + "/"));
    assertThat(slash.errors()).singleElement().satisfies(e -> {
      assertThat(e.error().name()).isEqualTo("InputError");
      assertThat(e.error().message()).contains("path separator");
    });
    TestContext plain = read(new FileReaderProcessor(), LocationSpec.of("file", dir.toString()));
    assertThat(plain.errors()).singleElement().satisfies(e -> assertThat(e.error().message()).contains("is a folder"));
  }

  @Test
  void relativeTargetIsTakenFromTheWorkingFolder() throws IOException {
    Path a = write("rel/a.yaml", COMPONENT.formatted("rel"));
    String relative = Path.of("").toAbsolutePath().relativize(a).toString();
    TestContext ctx = read(new FileReaderProcessor(), LocationSpec.of("file", relative));
    assertThat(ctx.entities()).singleElement().satisfies(e ->
        assertThat(e.location().target()).isEqualTo(a.toString()));
  }

  @Test
  void emitsNoEntityForAnInvalidDocumentButKeepsTheOthers() throws IOException {
    Path f = write("mixed.yaml", COMPONENT.formatted("ok") + "---\n- just\n- a list\n");
    TestContext ctx = read(new FileReaderProcessor(), LocationSpec.of("file", f.toString()));
    assertThat(ctx.entities()).hasSize(1);
    assertThat(ctx.results).filteredOn(r -> r instanceof ProcessingResult.ErrorResult).hasSize(1);
  }
}
