package dev.greenroom.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.catalog.processing.location.UrlReader;
import dev.greenroom.cli.config.AppConfig;
import dev.greenroom.cli.config.ConfigException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code integrations} in app-config: hosts with an integration are readable without the allow-list. */
class IntegrationsSetupTest {
  static final String TOKEN = "ghp_cliT0kenNeverShown0000000000000000";
  @TempDir Path dir;
  HttpServer server;
  List<String> authorizations = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    // GitHub's contents API with the raw media type, as a GitHub Enterprise host serves it
    server.createContext("/api/v3/repos/acme/catalog/contents/", ex -> {
      try (ex) {
        authorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
        byte[] body = "apiVersion: backstage.io/v1alpha1\nkind: Component\n".getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream os = ex.getResponseBody()) {
          os.write(body);
        }
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  AppConfig config(String yaml) throws IOException {
    Path file = dir.resolve("app-config.yaml");
    Files.writeString(file, yaml);
    return AppConfig.load(List.of(file), Map.of("GITHUB_TOKEN", TOKEN)::get);
  }

  @Test
  void aHostWithAnIntegrationIsReadWithItsTokenWithoutBeingOnTheAllowList() throws IOException {
    AppConfig config = config("""
        backend:
          reading:
            allow:
              - host: files.example.com
        integrations:
          github:
            - host: %s
              apiBaseUrl: http://%s/api/v3
              token: ${GITHUB_TOKEN}
        """.formatted(host(), host()));
    assertThat(config.integrations().github()).extracting(g -> g.host()).contains(host(), "github.com");
    assertThat(config.integrations().toString()).doesNotContain(TOKEN);
    UrlReader reader = CatalogSetup.urlReader(config);

    byte[] content = reader.read("http://" + host() + "/acme/catalog/blob/main/catalog-info.yaml").content();

    assertThat(new String(content, StandardCharsets.UTF_8)).contains("kind: Component");
    assertThat(authorizations).containsExactly("Bearer " + TOKEN);
    // other hosts still need backend.reading.allow, github.com too unless configured
    assertThatThrownBy(() -> reader.read("https://github.com/acme/catalog/blob/main/catalog-info.yaml"))
        .isInstanceOf(ProcessingException.class)
        .hasMessageContaining("backend.reading.allow");
    assertThatThrownBy(() -> reader.read("http://127.0.0.1:1/catalog-info.yaml"))
        .isInstanceOf(ProcessingException.class)
        .hasMessageContaining("backend.reading.allow");
  }

  @Test
  void aBadIntegrationsConfigFailsAtLoadNamingTheKeyAndFileButNotTheToken() {
    assertThatThrownBy(() -> config("""
        integrations:
          github:
            - host: ghe.example.com
              apiBaseUrl: not a url
              token: ${GITHUB_TOKEN}
        """))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("integrations.github[0].apiBaseUrl")
        .hasMessageContaining("app-config.yaml")
        .hasMessageNotContaining(TOKEN);
  }
}
