package dev.greenroom.integrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.catalog.processing.location.UrlReader.TreeFile;
import dev.greenroom.integrations.internal.TarTrees;
import dev.greenroom.integrations.internal.ZipTrees;
import dev.greenroom.integrations.testing.FakeRepo;
import dev.greenroom.integrations.testing.Tar;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The zip reader's limits and path rules, and tar archives without a top folder (Gitiles). */
class ArchiveTreesTest {
  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static List<TreeFile> zip(Map<String, byte[]> entries, String subpath, int maxFiles, long maxBytes) {
    return ZipTrees.read(new ByteArrayInputStream(FakeRepo.zipOf(entries)), subpath, p -> true,
        maxFiles, maxBytes, "test.zip");
  }

  @Test
  void aZipIsReadBelowItsSubpathInPathOrder() {
    Map<String, byte[]> e = new LinkedHashMap<>();
    e.put("docs/", new byte[0]);
    e.put("docs/z.md", utf8("z"));
    e.put("docs/a/b.md", utf8("b"));
    e.put("other.txt", utf8("o"));
    assertThat(zip(e, "docs", 10, 1000)).extracting(TreeFile::path).containsExactly("a/b.md", "z.md");
    assertThat(zip(e, "", 10, 1000)).extracting(TreeFile::path)
        .containsExactly("docs/a/b.md", "docs/z.md", "other.txt");
  }

  @Test
  void absoluteAndDuplicatePathsRefuseTheWholeZip() {
    assertThatThrownBy(() -> zip(Map.of("/etc/passwd", utf8("x")), "", 10, 1000))
        .isInstanceOf(ProcessingException.class).hasMessageContaining("absolute path '/etc/passwd'");
    assertThatThrownBy(() -> zip(Map.of("C:\\\\Windows\\\\x.ini", utf8("x")), "", 10, 1000))
        .hasMessageContaining("absolute path");
    Map<String, byte[]> dup = new LinkedHashMap<>();
    dup.put("a.yaml", utf8("first"));
    dup.put("./a.yaml", utf8("second, shadowing the first"));
    assertThatThrownBy(() -> zip(dup, "", 10, 1000)).hasMessageContaining("holds the path 'a.yaml' twice");
  }

  @Test
  void entriesOfAnyKindAreBoundedEvenWhenNoFileIsKept() {
    Map<String, byte[]> dirs = new LinkedHashMap<>();
    for (int i = 0; i < 50; i++) {
      dirs.put("d" + i + "/", new byte[0]);
    }
    assertThatThrownBy(() -> zip(dirs, "", 10, 1_000_000)).hasMessageContaining("more than 40 entries, the limit");
  }

  @Test
  void theCompressedSizeIsBoundedToo() {
    byte[] random = new byte[50_000];
    new java.util.Random(1).nextBytes(random); // does not deflate
    assertThatThrownBy(() -> zip(Map.of("r.bin", random), "", 10, 20_000))
        .hasMessageContaining("is larger than the limit of 20000 bytes");
  }

  @Test
  void gitilesArchivesWithoutATopFolderKeepTheirFirstSegment() {
    Tar tar = new Tar().entry("mkdocs.yml", '0', utf8("site_name: x"))
        .entry("docs/", '5', new byte[0]).entry("docs/index.md", '0', utf8("# x"));
    byte[] gz = tar.finish();
    assertThat(TarTrees.read(new ByteArrayInputStream(gz), false, "", p -> true, 10, 100_000, "t.tar.gz"))
        .extracting(TreeFile::path).containsExactly("docs/index.md", "mkdocs.yml");
    assertThat(TarTrees.read(new ByteArrayInputStream(gz), true, "", p -> true, 10, 100_000, "t.tar.gz"))
        .extracting(TreeFile::path).containsExactly("index.md");
  }
}
