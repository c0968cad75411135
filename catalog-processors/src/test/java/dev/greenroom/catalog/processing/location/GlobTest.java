package dev.greenroom.catalog.processing.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class GlobTest {
  private static boolean files(String glob, String path) {
    return Glob.compile(glob, false, false).matcher(path).matches();
  }

  @Test
  void doubleStarMatchesZeroOrMoreFoldersLikeNodeGlob() {
    Pattern p = Glob.compile("/r/plugins/**/catalog-info.yaml", false, false);
    assertThat(p.matcher("/r/plugins/catalog-info.yaml").matches()).isTrue();
    assertThat(p.matcher("/r/plugins/a/catalog-info.yaml").matches()).isTrue();
    assertThat(p.matcher("/r/plugins/a/b/c/catalog-info.yaml").matches()).isTrue();
    assertThat(p.matcher("/r/other/a/catalog-info.yaml").matches()).isFalse();
    assertThat(p.matcher("/r/plugins/a/catalog-info.yaml.bak").matches()).isFalse();
  }

  @Test
  void starStaysInOneSegment() {
    assertThat(files("/r/*.yaml", "/r/a.yaml")).isTrue();
    assertThat(files("/r/*.yaml", "/r/x/a.yaml")).isFalse();
    assertThat(files("/r/?.yaml", "/r/a.yaml")).isTrue();
    assertThat(files("/r/?.yaml", "/r/ab.yaml")).isFalse();
  }

  @Test
  void bracesAndClasses() {
    assertThat(files("/r/{a,b}.yaml", "/r/a.yaml")).isTrue();
    assertThat(files("/r/{a,b}.yaml", "/r/b.yaml")).isTrue();
    assertThat(files("/r/{a,b}.yaml", "/r/c.yaml")).isFalse();
    assertThat(files("/r/{a,{b,c}x}.yaml", "/r/cx.yaml")).isTrue();
    assertThat(files("/r/[ab].yaml", "/r/b.yaml")).isTrue();
    assertThat(files("/r/[!ab].yaml", "/r/b.yaml")).isFalse();
    assertThat(files("/r/{a}.yaml", "/r/{a}.yaml")).isTrue();
  }

  @Test
  void wildcardsSkipDotNamesUnlessDotIsOn() {
    assertThat(files("/r/*.yaml", "/r/.hidden.yaml")).isFalse();
    assertThat(files("/r/**/x.yaml", "/r/.git/x.yaml")).isFalse();
    assertThat(files("/r/.github/*.yaml", "/r/.github/a.yaml")).isTrue();
    assertThat(Glob.compile("/r/*.yaml", false, true).matcher("/r/.hidden.yaml").matches()).isTrue();
  }

  @Test
  void regexCharactersAreLiteral() {
    assertThat(files("/r/a+b(1).yaml", "/r/a+b(1).yaml")).isTrue();
    assertThat(files("/r/a.yaml", "/r/aXyaml")).isFalse();
  }

  @Test
  void nocase() {
    assertThat(Glob.compile("https://GitHub.com/org/*/x.yaml", true, true)
            .matcher("https://github.com/ORG/repo/x.yaml").matches())
        .isTrue();
  }

  @Test
  void braceBombIsRefused() {
    String bomb = "{a,b}".repeat(12);
    assertThatThrownBy(() -> Glob.compile(bomb, false, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("alternatives");
  }
}
