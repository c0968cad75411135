package dev.greenroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.CatalogEvent;
import dev.greenroom.cli.config.AppConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogSetupTest {
  @TempDir Path data;

  @Test
  void bundledSampleIsExtractedWithItsLicence() throws IOException {
    Path sample = SampleCatalog.extract(data.resolve("sample-catalog"));
    assertThat(sample.resolve("LICENSES/backstage-backstage.txt")).isRegularFile();
    assertThat(Files.readString(sample.resolve("SOURCES.md"))).contains("Apache-2.0");
    assertThat(sample.resolve("all.yaml")).isRegularFile();
    assertThat(sample.resolve("acme/org.yaml")).isRegularFile();
    assertThat(sample.resolve("components/artist-lookup-component.yaml")).isRegularFile();
    // extracting again over an earlier copy works
    SampleCatalog.extract(data.resolve("sample-catalog"));
  }

  @Test
  void sampleConfigProcessesEveryExampleEntityIntoTheH2File() throws IOException {
    Path sample = SampleCatalog.extract(data.resolve("sample-catalog"));
    AppConfig config = SampleCatalog.config(sample);
    assertThat(config.locations()).hasSize(4);
    try (CatalogEngine engine = CatalogSetup.engine(config, data)) {
      engine.start();
      assertThat(engine.awaitIdle(Duration.ofMinutes(2))).isTrue();
      assertThat(engine.catalog().entity(EntityRef.parse("component:default/artist-lookup")))
          .isPresent();
      assertThat(engine.catalog().entity(EntityRef.parse("group:default/team-a"))).isPresent();
      assertThat(engine.catalog().entity(EntityRef.parse("domain:default/artists"))).isPresent();
      assertThat(engine.catalog().entity(EntityRef.parse("component:default/documented-component")))
          .isPresent();
      assertThat(engine.catalog().entity(EntityRef.parse("template:default/example-nodejs-template")))
          .isPresent();
    }
    assertThat(data.resolve(CatalogSetup.H2_FILE + ".mv.db")).isRegularFile();
  }

  @Test
  void sampleRulesAllowEveryBuiltInKindOfTheExampleCatalog() throws IOException {
    Path sample = SampleCatalog.extract(data.resolve("sample-catalog"));
    List<CatalogEvent.ProcessingFailed> failures = new CopyOnWriteArrayList<>();
    try (CatalogEngine engine =
        CatalogSetup.engine(SampleCatalog.config(sample), data, e -> {
          if (e instanceof CatalogEvent.ProcessingFailed f) {
            failures.add(f);
          }
        })) {
      engine.start();
      assertThat(engine.awaitIdle(Duration.ofMinutes(2))).isTrue();
      assertThat(engine.catalog().entity(EntityRef.parse("user:default/breanna.davison")))
          .isPresent();
      assertThat(engine.catalog().entity(EntityRef.parse("system:default/podcast"))).isPresent();
      assertThat(engine.catalog().entity(EntityRef.parse("resource:default/artists-db")))
          .isPresent();
    }
    // AiResource is not one of Backstage's built-in kinds: its Location is the only one refused
    assertThat(failures)
        .filteredOn(f -> f.errors().toString().contains("is not of an allowed kind"))
        .extracting(f -> f.ref().toString())
        .containsExactly("location:default/example-ai-resources");
  }
}
