package dev.greenroom.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.store.jdbc.JdbcEntityStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** Runs the embedding example on the bundled sample catalog, as the README's run command does. */
class LoadAndQueryTest {
  @Test
  void loadsTheSampleCatalogAndAnswersQueries() throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    LoadAndQuery.Report report;
    try (PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
      report = LoadAndQuery.run(sampleDir(), JdbcEntityStore.h2InMemory("example-test"), out);
    }
    String text = buf.toString(StandardCharsets.UTF_8);
    assertThat(report.files()).isEqualTo(48);
    assertThat(report.stored()).isGreaterThan(50);
    // offline: the three APIs whose $text placeholders name https addresses cannot be read, and
    // petstore-webhook.oas.yaml is an OpenAPI document, not an entity
    // offline: the APIs whose $text placeholders name https addresses cannot be read
    assertThat(text).contains("failed: api:default/spotify", "failed: api:default/wayback-archive");
    // and the two AiResource entities (a kind no processor knows) and an API without definition
    assertThat(report.failed()).isEqualTo(6);
    assertThat(report.stored()).isEqualTo(61);
    assertThat(text).contains("Entities by kind:", "Services (", "Owned by group:default/team-a:");
    assertThat(text).contains("Transitive dependencies of component:default/artist-lookup: [component:default/artist-lookup, resource:default/artists-db]");
  }

  private static Path sampleDir() throws URISyntaxException {
    return Path.of(Objects.requireNonNull(LoadAndQueryTest.class.getResource("/sample-catalog/index.txt")).toURI()).getParent();
  }
}
