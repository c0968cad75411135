package dev.greenroom.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.cli.config.ConfigException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 13 on {@code serve}: a user token outlives a restart (its signing key's public half is in
 * the data folder's database), the unprocessed-entities and notification settings routes are
 * mounted, and {@code notifications.defaultSettings} is read with errors naming the key.
 */
class ServeRestartTest {
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path data;

  private static ServeCommand parse(String... args) {
    CommandLine cl = Greenroom.commandLine();
    return (ServeCommand) cl.parseArgs(args).subcommand().commandSpec().userObject();
  }

  private Path config(String yaml) throws Exception {
    Path file = data.resolve("app-config.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  static HttpResponse<String> get(int port, String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .timeout(Duration.ofSeconds(30));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aUserTokenStillWorksAfterARestart() throws Exception {
    Path config = config("""
        auth:
          providers:
            guest: {}
        notifications:
          defaultSettings:
            channels:
              - id: Web
                origins:
                  - id: plugin:noisy
                    enabled: false
        """);
    String token;
    String kid;
    try (ServeCommand.Running running = parse("serve", "--config", config.toString(),
        "--port", "0", "--data", data.toString()).start()) {
      HttpResponse<String> session = get(running.port(), "/api/auth/guest/refresh",
          "X-Requested-With", "XMLHttpRequest");
      assertThat(session.statusCode()).as(session.body()).isEqualTo(200);
      token = session.body().replaceAll("(?s).*\"token\":\"([^\"]+)\".*", "$1");
      kid = com.nimbusds.jwt.SignedJWT.parse(token).getHeader().getKeyID();
      assertThat(get(running.port(), "/api/catalog/entities/unprocessed/failed",
          "Authorization", "Bearer " + token).body()).startsWith("{\"type\":\"failed\"");
      HttpResponse<String> settings = get(running.port(), "/api/notifications/settings",
          "Authorization", "Bearer " + token);
      assertThat(settings.body()).contains("\"id\":\"plugin:noisy\",\"enabled\":false");
    }
    try (ServeCommand.Running running = parse("serve", "--config", config.toString(),
        "--port", "0", "--data", data.toString()).start()) {
      HttpResponse<String> entities = get(running.port(), "/api/catalog/entities?limit=1",
          "Authorization", "Bearer " + token);
      assertThat(entities.statusCode()).as(entities.body()).isEqualTo(200);
      assertThat(get(running.port(), "/api/auth/.well-known/jwks.json").body()).contains(kid);
      assertThat(get(running.port(), "/api/catalog/entities?limit=1",
          "Authorization", "Bearer " + token.substring(0, token.length() - 4) + "AAAA")
          .statusCode()).isEqualTo(401);
    }
  }

  @Test
  void malformedDefaultNotificationSettingsStopTheStartNamingTheKey() throws Exception {
    Path config = config("""
        notifications:
          defaultSettings:
            channels:
              - id: Web
                origins: {not: a list}
        """);
    assertThatThrownBy(() -> parse("serve", "--config", config.toString(), "--port", "0",
        "--data", data.toString()).start())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("notifications.defaultSettings")
        .hasMessageContaining("channels[0].origins must be an array");
  }
}
