package dev.greenroom.catalog.processing.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.processing.LocationSpec;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LocationTargetsTest {
  @Test
  void fileTargetsResolveAgainstTheBaseFilesFolder() {
    LocationSpec base = LocationSpec.of("file", "/repo/catalog-info.yaml");
    assertThat(LocationTargets.resolve(base, "file", "./plugins/**/catalog-info.yaml"))
        .isEqualTo("/repo/plugins/**/catalog-info.yaml");
    assertThat(LocationTargets.resolve(base, "file", "../other/x.yaml")).isEqualTo("/other/x.yaml");
    assertThat(LocationTargets.resolve(base, "file", "/abs/x.yaml")).isEqualTo("/abs/x.yaml");
  }

  @Test
  void urlTargetsResolveAgainstTheBaseUrl() {
    LocationSpec gh = LocationSpec.of("url", "https://github.com/o/r/blob/main/catalog-info.yaml");
    assertThat(LocationTargets.resolve(gh, "url", "./plugins/**/catalog-info.yaml"))
        .isEqualTo("https://github.com/o/r/tree/main/plugins/**/catalog-info.yaml");
    assertThat(LocationTargets.resolve(gh, "url", "./{a,b}.yaml"))
        .isEqualTo("https://github.com/o/r/tree/main/{a,b}.yaml");
    LocationSpec plain = LocationSpec.of("url", "http://host:8080/cat/all.yaml");
    assertThat(LocationTargets.resolve(plain, "url", "x/y.yaml")).isEqualTo("http://host:8080/cat/x/y.yaml");
    assertThat(LocationTargets.resolve(plain, "url", "../y.yaml")).isEqualTo("http://host:8080/y.yaml");
    assertThat(LocationTargets.resolve(plain, "url", "https://other/z.yaml")).isEqualTo("https://other/z.yaml");
  }

  @Test
  void relativeTargetUnderAnotherTypeIsRefused() {
    LocationSpec base = LocationSpec.of("url", "https://host/a.yaml");
    assertThatThrownBy(() -> LocationTargets.resolve(base, "file", "./x.yaml"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("./x.yaml")
        .hasMessageContaining("https://host/a.yaml");
    assertThat(LocationTargets.resolve(base, "file", "/abs/x.yaml")).isEqualTo("/abs/x.yaml");
  }

  @Test
  void scmUrls() {
    ScmUrls scm = ScmUrls.defaults();
    assertThat(scm.editUrl("https://github.com/o/r/blob/main/catalog-info.yaml"))
        .isEqualTo("https://github.com/o/r/edit/main/catalog-info.yaml");
    assertThat(scm.editUrl("https://gitlab.com/g/sub/p/-/blob/main/catalog-info.yaml"))
        .isEqualTo("https://gitlab.com/g/sub/p/-/edit/main/catalog-info.yaml");
    assertThat(scm.editUrl("https://example.com/catalog-info.yaml")).isNull();
    assertThat(scm.resolveUrl("/docs/x.yaml", "https://github.com/o/r/blob/main/a/b.yaml"))
        .isEqualTo("https://github.com/o/r/tree/main/docs/x.yaml");
    assertThat(scm.repositoryOf("https://github.com/O/r/blob/main/a.yaml")).isEqualTo("github.com/o/r/");
    assertThat(scm.repositoryOf("https://example.com:8080/a.yaml")).isEqualTo("example.com:8080");
    ScmUrls ghe = ScmUrls.of(Set.of("ghe.corp"), Set.of());
    assertThat(ghe.editUrl("https://ghe.corp/o/r/blob/main/a.yaml")).isEqualTo("https://ghe.corp/o/r/edit/main/a.yaml");
    assertThat(scm.resolveUrl("./x.yaml", "https://dev.azure.com/o/p/_git/r?path=/a.yaml"))
        .isEqualTo("https://dev.azure.com/o/p/_git/x.yaml?path=/a.yaml");
  }
}
