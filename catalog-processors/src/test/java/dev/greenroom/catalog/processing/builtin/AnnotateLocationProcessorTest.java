package dev.greenroom.catalog.processing.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.processing.LocationSpec;
import dev.greenroom.catalog.processing.location.TestContext;
import org.junit.jupiter.api.Test;

class AnnotateLocationProcessorTest {
  private static final Entity ENTITY = Entity.fromJson(
      "{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"Component\",\"metadata\":{\"name\":\"a\"}}");

  private static Entity annotate(Entity e, LocationSpec loc) {
    return new AnnotateLocationProcessor().preProcess(e, new TestContext(loc));
  }

  @Test
  void githubUrlsGetViewEditAndSourceLocation() {
    String url = "https://github.com/o/r/blob/main/plugins/a/catalog-info.yaml";
    Entity out = annotate(ENTITY, LocationSpec.of("url", url));
    assertThat(out.metadata().annotations())
        .containsEntry("backstage.io/view-url", url)
        .containsEntry("backstage.io/edit-url", "https://github.com/o/r/edit/main/plugins/a/catalog-info.yaml")
        .containsEntry("backstage.io/source-location", "url:https://github.com/o/r/tree/main/plugins/a/");
  }

  @Test
  void gitlabUrlsGetTheirEditUrl() {
    String url = "https://gitlab.com/g/p/-/blob/main/catalog-info.yaml";
    Entity out = annotate(ENTITY, LocationSpec.of("url", url));
    assertThat(out.metadata().annotation("backstage.io/edit-url"))
        .isEqualTo("https://gitlab.com/g/p/-/edit/main/catalog-info.yaml");
    assertThat(out.metadata().annotation("backstage.io/source-location"))
        .isEqualTo("url:https://gitlab.com/g/p/-/blob/main/");
  }

  @Test
  void otherHostsGetNoEditUrl() {
    Entity out = annotate(ENTITY, LocationSpec.of("url", "https://example.com/cat/x.yaml"));
    assertThat(out.metadata().annotations())
        .containsEntry("backstage.io/view-url", "https://example.com/cat/x.yaml")
        .containsEntry("backstage.io/source-location", "url:https://example.com/cat/")
        .doesNotContainKey("backstage.io/edit-url");
  }

  @Test
  void commitPinnedUrlsGetNoEditUrl() {
    String url = "https://github.com/o/r/blob/0123456789abcdef0123456789abcdef01234567/catalog-info.yaml";
    Entity out = annotate(ENTITY, LocationSpec.of("url", url));
    assertThat(out.metadata().annotations()).containsKey("backstage.io/view-url").doesNotContainKey("backstage.io/edit-url");
  }

  @Test
  void existingAnnotationsWin() {
    Entity e = ENTITY.withAnnotation("backstage.io/edit-url", "https://mine/edit");
    Entity out = annotate(e, LocationSpec.of("url", "https://github.com/o/r/blob/main/x.yaml"));
    assertThat(out.metadata().annotation("backstage.io/edit-url")).isEqualTo("https://mine/edit");
    assertThat(out.metadata().annotation("backstage.io/view-url")).isEqualTo("https://github.com/o/r/blob/main/x.yaml");
  }

  @Test
  void fileLocationsAreLeftAlone() {
    assertThat(annotate(ENTITY, LocationSpec.of("file", "/x/catalog-info.yaml"))).isSameAs(ENTITY);
    assertThat(new AnnotateLocationProcessor().name()).isEqualTo("AnnotateLocationEntityProcessor");
  }
}
