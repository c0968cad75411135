package dev.greenroom.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.processing.LocationNotFoundStrategy;
import dev.greenroom.catalog.processing.OrphanStrategy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The events and removal keys of {@code app-config.yaml}. */
class EventsConfigTest {
  @TempDir Path dir;

  AppConfig load(String yaml) throws Exception {
    Path f = Files.writeString(dir.resolve("app-config.yaml"), yaml);
    return AppConfig.load(List.of(f), name -> null);
  }

  @Test
  void defaultsAreBackstages() throws Exception {
    AppConfig c = load("catalog: {}\n");
    assertThat(c.orphanProviderStrategy()).isEqualTo(OrphanStrategy.DELETE);
    assertThat(c.locationNotFoundStrategy()).isEqualTo(LocationNotFoundStrategy.KEEP);
    assertThat(c.eventsHttpTopics()).isEmpty();
    assertThat(c.githubWebhookSecrets()).isEmpty();
    assertThat(c.gitlabWebhookSecret()).isEmpty();
  }

  @Test
  void readsTheKeys() throws Exception {
    AppConfig c = load("""
        catalog:
          orphanProviderStrategy: keep
          locationNotFoundStrategy: delete
        events:
          http:
            topics: [custom, github]
          modules:
            github: {webhookSecret: gh-secret}
            gitlab: {webhookSecret: gl-secret}
        """);
    assertThat(c.orphanProviderStrategy()).isEqualTo(OrphanStrategy.KEEP);
    assertThat(c.locationNotFoundStrategy()).isEqualTo(LocationNotFoundStrategy.DELETE);
    assertThat(c.eventsHttpTopics()).containsExactly("custom", "github");
    assertThat(c.githubWebhookSecrets()).containsExactly("gh-secret");
    assertThat(c.gitlabWebhookSecret()).contains("gl-secret");
    assertThat(c.toString()).doesNotContain("gh-secret").doesNotContain("gl-secret");
  }

  @Test
  void badValuesNameTheKey() {
    assertThatThrownBy(() -> load("catalog:\n  locationNotFoundStrategy: remove\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("catalog.locationNotFoundStrategy").hasMessageContaining("remove");
    assertThatThrownBy(() -> load("catalog:\n  orphanProviderStrategy: 1\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("catalog.orphanProviderStrategy");
    assertThatThrownBy(() -> load("events:\n  http:\n    topics: {a: b}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("events.http.topics");
  }
}
