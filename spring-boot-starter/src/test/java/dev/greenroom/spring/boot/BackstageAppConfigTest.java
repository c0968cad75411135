package dev.greenroom.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.spring.boot.internal.AppConfigException;
import dev.greenroom.spring.boot.internal.BackstageAppConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.mock.env.MockEnvironment;

/** Reading a Backstage app-config: what applies, and bad files named. */
class BackstageAppConfigTest {
  @TempDir Path dir;

  private BackstageAppConfig load(String yaml) throws Exception {
    Path f = dir.resolve("app-config.yaml");
    Files.writeString(f, yaml);
    return BackstageAppConfig.load(f.toString(), new DefaultResourceLoader(),
        new MockEnvironment().withProperty("HOST", "files.example.test"));
  }

  @Test
  void readingAllowBecomesHostAndPathSpecsWithPlaceholdersResolved() throws Exception {
    BackstageAppConfig c = load("""
        backend:
          reading:
            allow:
              - host: ${HOST}
              - host: docs.example.test
                paths: [/a, b]
        """);
    assertThat(c.readingAllow())
        .containsExactly("files.example.test", "docs.example.test/a", "docs.example.test/b");
    assertThat(c.locations()).isEmpty();
    assertThat(c.rules()).isNull();
  }

  @Test
  void badShapesAreNamedByFileAndKey() throws Exception {
    assertThatThrownBy(() -> load("catalog:\n  locations:\n    - type: file\n").locations())
        .isInstanceOf(AppConfigException.class)
        .hasMessageContaining("app-config.yaml' at catalog.locations[0].target: expected a non-empty string");
    assertThatThrownBy(() -> load("backend:\n  reading:\n    allow: docs.example.test\n").readingAllow())
        .hasMessageContaining("at backend.reading.allow: expected a list");
    assertThatThrownBy(() -> load("catalog:\n  rules: {allow: [Component]}\n").rules())
        .hasMessageContaining("catalog.rules must be an array");
    assertThatThrownBy(() -> load("- just\n- a list\n"))
        .hasMessageContaining("is not a YAML mapping");
    assertThatThrownBy(() -> load("a: [unclosed\n"))
        .hasMessageContaining("is not valid YAML");
  }

  @Test
  void aFileLargerThanTheLimitIsRefused() throws Exception {
    String big = "x: \"" + "a".repeat(1024 * 1024) + "\"\n";
    assertThatThrownBy(() -> load(big))
        .hasMessageContaining("is larger than 1048576 bytes");
  }
}
