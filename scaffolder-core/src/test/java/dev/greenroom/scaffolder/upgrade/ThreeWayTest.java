package dev.greenroom.scaffolder.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-file rules of the three-way upgrade (base v1, ours the repository, theirs v2). */
class ThreeWayTest {
  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static Map<String, byte[]> files(String... pathsAndContents) {
    Map<String, byte[]> m = new HashMap<>();
    for (int i = 0; i < pathsAndContents.length; i += 2) {
      m.put(pathsAndContents[i], b(pathsAndContents[i + 1]));
    }
    return m;
  }

  static FileChange only(List<FileChange> changes) {
    assertThat(changes).hasSize(1);
    return changes.get(0);
  }

  @Test
  void filesTheTemplateDidNotChangeAreLeftAloneWhateverTheRepositoryDid() {
    assertThat(ThreeWay.apply(files("a", "1\n"), files("a", "1\n"), files("a", "local\n")))
        .isEmpty();
    assertThat(ThreeWay.apply(files("a", "1\n"), files("a", "1\n"), files())).as("deleted locally")
        .isEmpty();
    assertThat(ThreeWay.apply(files(), files(), files("mine", "x\n"))).isEmpty();
  }

  @Test
  void aRepositoryThatAlreadyHasTheNewFileIsLeftAlone() {
    assertThat(ThreeWay.apply(files("a", "1\n"), files("a", "2\n"), files("a", "2\n"))).isEmpty();
    assertThat(ThreeWay.apply(files(), files("n", "new\n"), files("n", "new\n"))).isEmpty();
  }

  @Test
  void deleteAndModifyClashesAreConflictsThatKeepTheRepositorysFile() {
    FileChange removedLocally = only(ThreeWay.apply(files("a", "1\n"), files("a", "2\n"), files()));
    assertThat(removedLocally.status()).isEqualTo(FileChange.Status.CONFLICT);
    assertThat(removedLocally.content()).isNull();
    assertThat(removedLocally.note()).isEqualTo("deleted in the repository, changed by the template");

    FileChange editedButDropped = only(ThreeWay.apply(files("a", "1\n"), files(), files("a", "1 edited\n")));
    assertThat(editedButDropped.status()).isEqualTo(FileChange.Status.CONFLICT);
    assertThat(editedButDropped.content()).isNull();
    assertThat(editedButDropped.note()).isEqualTo("changed in the repository, removed by the template");

    FileChange dropped = only(ThreeWay.apply(files("a", "1\n"), files(), files("a", "1\n")));
    assertThat(dropped.status()).isEqualTo(FileChange.Status.DELETED);
    assertThat(dropped.diff()).startsWith("--- a/a\n+++ /dev/null\n");
  }

  @Test
  void aNewTemplateFileTheRepositoryAlreadyHasDifferentlyIsMergedFromNothing() {
    FileChange c = only(ThreeWay.apply(files(), files("n", "template\n"), files("n", "mine\n")));
    assertThat(c.status()).isEqualTo(FileChange.Status.CONFLICT);
    assertThat(new String(c.content(), StandardCharsets.UTF_8)).contains("<<<<<<< repository\nmine\n")
        .contains("template\n>>>>>>> template (new version)");
  }

  @Test
  void binaryFilesChangedOnBothSidesAreConflicts() {
    Map<String, byte[]> v1 = Map.of("logo.png", new byte[] {1, 0, 2});
    Map<String, byte[]> v2 = Map.of("logo.png", new byte[] {1, 0, 3});
    Map<String, byte[]> repo = Map.of("logo.png", new byte[] {1, 0, 4});
    FileChange c = only(ThreeWay.apply(v1, v2, repo));
    assertThat(c.status()).isEqualTo(FileChange.Status.CONFLICT);
    assertThat(c.content()).isNull();
    FileChange replaced = only(ThreeWay.apply(v1, v2, Map.of("logo.png", new byte[] {1, 0, 2})));
    assertThat(replaced.status()).isEqualTo(FileChange.Status.MODIFIED);
    assertThat(replaced.content()).containsExactly(1, 0, 3);
    assertThat(replaced.diff()).isEqualTo("Binary files a/logo.png and b/logo.png differ\n");
  }
}
