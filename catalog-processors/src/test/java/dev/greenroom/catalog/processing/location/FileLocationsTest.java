package dev.greenroom.catalog.processing.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.processing.ProcessingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileLocationsTest {
  @TempDir Path tmp;

  private Path write(String rel, String content) throws IOException {
    Path p = tmp.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return p;
  }

  private List<String> rel(List<Path> paths) {
    Path base = tmp.toAbsolutePath().normalize();
    return paths.stream().map(p -> base.relativize(p).toString()).collect(Collectors.toList());
  }

  @Test
  void plainTargetIsTheFileItselfOrNothing() throws IOException {
    Path a = write("a.yaml", "x: 1");
    FileLocations files = FileLocations.within(tmp);
    assertThat(files.glob(a.toString())).containsExactly(a.toAbsolutePath().normalize());
    assertThat(files.glob(tmp.resolve("missing.yaml").toString())).isEmpty();
  }

  @Test
  void globsMatchSortedWithBracesStarsAndDoubleStars() throws IOException {
    write("b.yaml", "");
    write("a.yaml", "");
    write("c.yml", "");
    write(".hidden.yaml", "");
    write("sub/deep/catalog-info.yaml", "");
    write("sub/catalog-info.yaml", "");
    write("catalog-info.yaml", "");
    write(".git/catalog-info.yaml", "");
    FileLocations files = FileLocations.within(tmp);
    assertThat(rel(files.glob(tmp + "/*.yaml"))).containsExactly("a.yaml", "b.yaml", "catalog-info.yaml");
    assertThat(rel(files.glob(tmp + "/{a,c}.{yaml,yml}"))).containsExactly("a.yaml", "c.yml");
    assertThat(rel(files.glob(tmp + "/**/catalog-info.yaml")))
        .containsExactly("catalog-info.yaml", "sub/catalog-info.yaml", "sub/deep/catalog-info.yaml");
    assertThat(rel(files.glob(tmp + "/sub/**/catalog-info.yaml")))
        .containsExactly("sub/catalog-info.yaml", "sub/deep/catalog-info.yaml");
  }

  @Test
  void targetOutsideTheRootsIsNotAllowed() throws IOException {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Path outside = write("secret.yaml", "x: 1");
    FileLocations files = FileLocations.within(root);
    assertThatThrownBy(() -> files.glob(outside.toString()))
        .isInstanceOf(ProcessingException.class)
        .satisfies(e -> assertThat(((ProcessingException) e).error().name()).isEqualTo("NotAllowedError"))
        .hasMessageContaining(outside.toString())
        .hasMessageContaining(root.toRealPath().toString());
  }

  @Test
  void dotDotEscapeIsNotAllowed() throws IOException {
    Path root = Files.createDirectories(tmp.resolve("root"));
    write("secret.yaml", "x: 1");
    FileLocations files = FileLocations.within(root);
    String escape = root + "/../secret.yaml";
    assertThatThrownBy(() -> files.glob(escape))
        .isInstanceOf(ProcessingException.class)
        .hasMessageContaining("not allowed")
        .hasMessageContaining(escape);
    assertThatThrownBy(() -> files.glob(root + "/../*.yaml"))
        .isInstanceOf(ProcessingException.class)
        .hasMessageContaining("not allowed");
    assertThatThrownBy(() -> files.read(Path.of(escape), 100))
        .isInstanceOf(ProcessingException.class)
        .hasMessageContaining("not allowed");
  }

  @Test
  void symlinksOutOfTheRootsAreNotFollowed() throws IOException {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Path outsideDir = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outsideDir.resolve("catalog-info.yaml"), "x: 1");
    Files.writeString(root.resolve("catalog-info.yaml"), "x: 1");
    Files.createSymbolicLink(root.resolve("linked-dir"), outsideDir);
    Files.createSymbolicLink(root.resolve("linked.yaml"), outsideDir.resolve("catalog-info.yaml"));
    FileLocations files = FileLocations.within(root);
    assertThat(files.glob(root + "/**/*.yaml"))
        .containsExactly(root.resolve("catalog-info.yaml").toAbsolutePath().normalize());
    assertThatThrownBy(() -> files.glob(root + "/linked.yaml"))
        .isInstanceOf(ProcessingException.class)
        .hasMessageContaining("not allowed");
    assertThatThrownBy(() -> files.read(root.resolve("linked-dir/catalog-info.yaml"), 100))
        .isInstanceOf(ProcessingException.class)
        .hasMessageContaining("not allowed");
  }

  @Test
  void emptyRootsAllowAnyPath() throws IOException {
    Path a = write("a.yaml", "x");
    assertThat(FileLocations.allowAny().allowsAny()).isTrue();
    assertThat(FileLocations.allowAny().glob(a.toString())).hasSize(1);
  }

  @Test
  void tooManyMatchesIsAnError() throws IOException {
    for (int i = 0; i < 5; i++) {
      write("m" + i + ".yaml", "");
    }
    FileLocations files = FileLocations.within(tmp).withMaxMatches(3);
    assertThatThrownBy(() -> files.glob(tmp + "/*.yaml"))
        .isInstanceOf(ProcessingException.class)
        .hasMessageContaining("More than 3 files match");
  }

  @Test
  void readEnforcesTheSizeLimitAndNamesTheFile() throws IOException {
    Path big = write("big.yaml", "x".repeat(200));
    FileLocations files = FileLocations.within(tmp);
    assertThatThrownBy(() -> files.read(big, 100))
        .isInstanceOf(ProcessingException.class)
        .hasMessageContaining(big.toString())
        .hasMessageContaining("larger than the limit of 100");
    assertThat(files.read(big, 200)).hasSize(200);
  }

  @Test
  void folderTargetIsAnInputError() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("dir"));
    assertThatThrownBy(() -> FileLocations.within(tmp).glob(dir.toString()))
        .isInstanceOf(ProcessingException.class)
        .hasMessageContaining("is a folder");
  }

  @Test
  void corpusGlobsMatchTheRealLayout() throws Exception {
    Path corpus = Path.of(getClass().getResource("/corpus/roadie-backstage-plugins/catalog-info.yaml").toURI()).getParent();
    FileLocations files = FileLocations.within(corpus);
    List<Path> plugins = files.glob(corpus + "/plugins/**/catalog-info.yaml");
    List<String> expected;
    try (var walk = Files.walk(corpus.resolve("plugins"))) {
      expected = walk.filter(p -> p.getFileName().toString().equals("catalog-info.yaml"))
          .map(p -> p.toAbsolutePath().normalize().toString()).sorted().collect(Collectors.toList());
    }
    assertThat(plugins).hasSize(21);
    assertThat(plugins.stream().map(Path::toString).collect(Collectors.toList())).isEqualTo(expected);
    assertThat(plugins.stream().map(p -> corpus.relativize(p).toString()))
        .contains(
            "plugins/frontend/backstage-plugin-argo-cd/catalog-info.yaml",
            "plugins/scaffolder-actions/scaffolder-backend-module-aws/catalog-info.yaml",
            "plugins/home/backstage-plugin-home-rss/catalog-info.yaml");
    assertThat(files.glob(corpus + "/utils/**/catalog-info.yaml")).isEmpty();
  }
}
