package dev.greenroom.integrations.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.catalog.processing.location.UrlReader.TreeFile;
import dev.greenroom.integrations.internal.TarTrees;
import dev.greenroom.integrations.testing.Tar;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TarTreesTest {
  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static List<TreeFile> read(Tar tar, String subpath) {
    return TarTrees.read(new ByteArrayInputStream(tar.finish()), subpath, p -> true, 100, 1 << 20, "test.tar.gz");
  }

  @Test
  void paxPathsAreUsedAndLinksAreSkipped() {
    String longName = "top/" + "d/".repeat(60) + "deep.yaml";
    String record = "path=" + longName + "\n";
    int len = record.length() + 1;
    len += String.valueOf(len).length();
    Tar tar = new Tar()
        .entry("top/", '5', new byte[0], "")
        .entry("top/PaxHeader", 'x', utf8(len + " " + record), "")
        .entry("top/truncated-name", '0', utf8("deep"), "")
        .entry("top/a.yaml", '0', utf8("a"), "")
        .entry("top/link.yaml", '2', new byte[0], "/etc/passwd")
        .entry("top/hard.yaml", '1', new byte[0], "top/a.yaml");
    assertThat(read(tar, "")).extracting(TreeFile::path)
        .containsExactly("a.yaml", longName.substring(4));
  }

  @Test
  void absolutePathsAreRefused() {
    Tar tar = new Tar().entry("/etc/cron.d/x", '0', utf8("x"), "");
    assertThatThrownBy(() -> read(tar, ""))
        .isInstanceOf(ProcessingException.class)
        .hasMessageContaining("absolute path '/etc/cron.d/x'");
  }

  @Test
  void aTruncatedArchiveIsAnErrorNamingIt() {
    byte[] whole = new Tar().entry("top/a.yaml", '0', new byte[4096], "").finish();
    byte[] cut = java.util.Arrays.copyOf(whole, whole.length / 2);
    assertThatThrownBy(() -> TarTrees.read(new ByteArrayInputStream(cut), "", p -> true, 10, 1 << 20, "cut.tar.gz"))
        .isInstanceOf(ProcessingException.class)
        .hasMessageContaining("cut.tar.gz");
  }
}
