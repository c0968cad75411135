package dev.greenroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.cli.config.AppConfig;
import dev.greenroom.scaffolder.upgrade.GitCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Upgrade pushes take the token of the configured GitHub integration, for that host only. */
class UpgradesSetupTest {
  static final String TOKEN = "ghp_upgradeT0kenNeverShown000000000000";
  @TempDir Path dir;

  @Test
  void pushesToAConfiguredGithubHostUseItsTokenAsXAccessToken() throws Exception {
    Path file = dir.resolve("app-config.yaml");
    Files.writeString(file, """
        integrations:
          github:
            - host: ghe.example.com
              apiBaseUrl: https://ghe.example.com/api/v3
              token: ${GITHUB_TOKEN}
        """);
    AppConfig config = AppConfig.load(List.of(file), Map.of("GITHUB_TOKEN", TOKEN)::get);
    GitCredentials creds = UpgradesSetup.githubCredentials(CatalogSetup.integrations(config));

    GitCredentials.Basic basic = creds.lookup("https://ghe.example.com/acme/svc.git").orElseThrow();
    assertThat(basic.username()).isEqualTo("x-access-token");
    assertThat(basic.password()).isEqualTo(TOKEN);
    assertThat(basic.toString()).doesNotContain(TOKEN);
    assertThat(creds.lookup("https://other.example.com/acme/svc.git")).isEmpty();
    assertThat(creds.lookup("http://ghe.example.com/acme/svc.git")).as("never over plain http")
        .isEmpty();
    assertThat(creds.lookup("file:///srv/git/acme/svc.git")).isEmpty();
  }
}
