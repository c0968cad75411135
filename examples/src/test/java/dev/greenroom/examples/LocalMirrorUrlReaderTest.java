package dev.greenroom.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.catalog.processing.location.UrlReader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalMirrorUrlReaderTest {
  private static final String PREFIX = "https://github.com/acme/catalog/blob/main/";

  @Test
  void urlLocationsAndPlaceholdersReadFromTheMirror(@TempDir Path mirror) {
    Engines.write(mirror.resolve("catalog-info.yaml"), """
        apiVersion: backstage.io/v1alpha1
        kind: API
        metadata:
          name: orders
        spec:
          type: openapi
          lifecycle: production
          owner: team-a
          definition:
            $text: ./openapi.yaml
        """);
    Engines.write(mirror.resolve("openapi.yaml"), "openapi: 3.0.0\ninfo: {title: Orders, version: '1'}\n");
    // Backstage resolves relative placeholders on GitHub against the tree URL: mirror both forms
    LocalMirrorUrlReader reader = LocalMirrorUrlReader.of(PREFIX, mirror)
        .and(PREFIX.replace("/blob/", "/tree/"), mirror);
    try (CatalogEngine engine = Engines.started(CatalogEngine.builder().rules(CatalogRules.allowAll())
        .urlReader(reader).location("url", PREFIX + "catalog-info.yaml").processingDisabled().build())) {
      assertThat(engine.catalog().entity(EntityRef.parse("api:default/orders")))
          .as(() -> engine.state().get(CatalogEngine.locationRef(
              dev.greenroom.catalog.processing.LocationSpec.of("url", PREFIX + "catalog-info.yaml")))
              + " / " + engine.state().get(EntityRef.parse("api:default/orders")))
          .hasValueSatisfying(e -> assertThat(e.specString("definition")).startsWith("openapi: 3.0.0"));
    }
  }

  @Test
  void errorsFollowTheUrlReaderContract(@TempDir Path mirror) {
    Engines.write(mirror.resolve("a.yaml"), "x: 1\n");
    LocalMirrorUrlReader reader = LocalMirrorUrlReader.of(PREFIX, mirror);
    UrlReader.ReadResponse first = reader.read(PREFIX + "a.yaml");
    assertThat(new String(first.content())).isEqualTo("x: 1\n");
    assertThat(reader.read(PREFIX + "a.yaml", first.etag(), 100).isNotModified()).isTrue();
    assertThatThrownBy(() -> reader.read(PREFIX + "missing.yaml"))
        .isInstanceOf(ProcessingException.class).hasMessageContaining("missing.yaml");
    assertThat(errorName(() -> reader.read(PREFIX + "missing.yaml"))).isEqualTo("NotFoundError");
    assertThat(errorName(() -> reader.read("https://example.com/x.yaml"))).isEqualTo("NotAllowedError");
    assertThat(errorName(() -> reader.read(PREFIX + "../../etc/passwd"))).isEqualTo("NotAllowedError");
    assertThat(errorName(() -> reader.read(PREFIX + "a.yaml", null, 2))).isEqualTo("Error");
  }

  private static String errorName(Runnable r) {
    try {
      r.run();
    } catch (ProcessingException e) {
      return e.error().name();
    }
    throw new AssertionError("no error");
  }
}
