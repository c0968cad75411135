package dev.greenroom.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.cli.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 18, exposure: {@code serve} with no auth used to listen on every interface and let anyone
 * register locations, delete entities and run templates. Without auth it now listens on loopback
 * only and serves only this machine's pages and tools; an open API on other interfaces needs the
 * explicit opt-out.
 */
class ServeExposureTest {
  @TempDir Path data;

  private static ServeCommand parse(String... args) {
    CommandLine cl = Greenroom.commandLine();
    CommandLine.ParseResult parsed = cl.parseArgs(args);
    return (ServeCommand) parsed.subcommand().commandSpec().userObject();
  }

  private Path config(String yaml) throws IOException {
    Path file = data.resolve("app-config.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void withoutAuthItListensOnLoopbackOnly() throws Exception {
    ServeCommand serve = parse("serve", "--port", "0", "--data", data.toString());
    try (ServeCommand.Running running = serve.start()) {
      assertThat(running.address()).startsWith("127.0.0.1:");
      assertThat(running.catalogUrl()).isEqualTo("http://localhost:" + running.port()
          + "/api/catalog");
      Optional<InetAddress> external = nonLoopbackAddress();
      if (external.isPresent()) {
        try (Socket s = new Socket()) {
          assertThatThrownBy(() -> s.connect(
              new InetSocketAddress(external.get(), running.port()), 2000))
              .as("connecting through %s", external.get())
              .isInstanceOf(IOException.class);
        }
      }
      assertThat(raw(running.port(), "GET", "/api/catalog/entities?limit=1",
          "Host: localhost:" + running.port())).startsWith("HTTP/1.1 200");
    }
  }

  @Test
  void withoutAuthPagesOfOtherSitesAndRebindingHostsAreRefused() throws Exception {
    ServeCommand serve = parse("serve", "--port", "0", "--data", data.toString());
    try (ServeCommand.Running running = serve.start()) {
      int port = running.port();
      String body = "{\"type\":\"url\",\"target\":\"https://example.com/catalog-info.yaml\"}";
      // a page on another site posting to localhost (cross-site request forgery)
      assertThat(raw(port, "POST", "/api/catalog/locations?dryRun=true",
          "Host: localhost:" + port, "Origin: https://evil.example", body))
          .startsWith("HTTP/1.1 401");
      // a page whose own host name resolves to 127.0.0.1 (DNS rebinding)
      assertThat(raw(port, "GET", "/api/catalog/entities?limit=1", "Host: evil.example:" + port))
          .startsWith("HTTP/1.1 401");
      assertThat(raw(port, "DELETE", "/api/catalog/entities/by-uid/x",
          "Host: rebind.evil.example", "Origin: http://rebind.evil.example"))
          .startsWith("HTTP/1.1 401");
      // Backstage's frontend in development, on another port of this machine
      assertThat(raw(port, "GET", "/api/catalog/entities?limit=1",
          "Host: localhost:" + port, "Origin: http://localhost:3000"))
          .startsWith("HTTP/1.1 200");
      assertThat(raw(port, "GET", "/api/catalog/entities?limit=1",
          "Host: 127.0.0.1:" + port, "Origin: http://127.0.0.1:3000"))
          .startsWith("HTTP/1.1 200");
    }
  }

  @Test
  void aPublicAddressWithoutAuthIsRefusedAtStartNamingTheKey() throws Exception {
    Path config = config("backend:\n  listen:\n    host: 0.0.0.0\n");
    ServeCommand serve = parse("serve", "--config", config.toString(), "--port", "0",
        "--data", data.toString());
    assertThatThrownBy(serve::start)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("backend.listen.host is '0.0.0.0'")
        .hasMessageContaining("backend.auth.externalAccess")
        .hasMessageContaining("dangerouslyDisableDefaultAuthPolicy");
  }

  @Test
  void withTokensItListensOnEveryInterfaceAndRefusesCallsWithoutOne() throws Exception {
    Path config = config("""
        backend:
          auth:
            externalAccess:
              - type: static
                options: {token: s3cret-token-1, subject: ci}
        """);
    ServeCommand serve = parse("serve", "--config", config.toString(), "--port", "0",
        "--data", data.toString());
    try (ServeCommand.Running running = serve.start()) {
      int port = running.port();
      assertThat(running.address()).startsWith("*:");
      assertThat(raw(port, "POST", "/api/catalog/locations?dryRun=true", "Host: greenroom.example",
          "{\"type\":\"url\",\"target\":\"https://example.com/c.yaml\"}"))
          .startsWith("HTTP/1.1 401");
      assertThat(raw(port, "GET", "/api/catalog/entities?limit=1", "Host: greenroom.example",
          "Authorization: Bearer s3cret-token-1")).startsWith("HTTP/1.1 200");
    }
  }

  @Test
  void theExplicitOptOutServesAnOpenApiOnEveryInterface() throws Exception {
    Path config = config("""
        backend:
          auth:
            dangerouslyDisableDefaultAuthPolicy: true
        """);
    ServeCommand serve = parse("serve", "--config", config.toString(), "--port", "0",
        "--data", data.toString());
    try (ServeCommand.Running running = serve.start()) {
      assertThat(running.address()).startsWith("*:");
      assertThat(raw(running.port(), "GET", "/api/catalog/entities?limit=1",
          "Host: greenroom.example", "Origin: https://app.example")).startsWith("HTTP/1.1 200");
    }
  }

  /**
   * Issue 13: a Backstage app on its own origin works with only {@code backend.cors} and {@code
   * auth.providers.guest} set: preflights answered, guest sign-in, then every route with the
   * token, CORS headers on each answer.
   */
  @Test
  void aCrossOriginAppSignsInAsGuestWithOnlyCorsAndGuestConfigured() throws Exception {
    Path config = config("""
        backend:
          cors:
            origin: http://localhost:3000
            methods: [GET, HEAD, PATCH, POST, PUT, DELETE]
            credentials: true
        auth:
          providers:
            guest: {}
        """);
    ServeCommand serve = parse("serve", "--config", config.toString(), "--port", "0",
        "--data", data.toString());
    try (ServeCommand.Running running = serve.start()) {
      int port = running.port();
      assertThat(running.address()).startsWith("127.0.0.1:"); // guest sign-in: development
      String origin = "Origin: http://localhost:3000";
      String preflight = raw(port, "OPTIONS", "/api/auth/guest/refresh", "Host: localhost:" + port,
          origin, "Access-Control-Request-Method: GET",
          "Access-Control-Request-Headers: x-requested-with");
      assertThat(preflight).startsWith("HTTP/1.1 204")
          .containsIgnoringCase("Access-Control-Allow-Origin: http://localhost:3000")
          .containsIgnoringCase("Access-Control-Allow-Credentials: true");
      String session = raw(port, "GET", "/api/auth/guest/refresh", "Host: localhost:" + port,
          origin, "X-Requested-With: XMLHttpRequest");
      assertThat(session).startsWith("HTTP/1.1 200")
          .containsIgnoringCase("Access-Control-Allow-Origin: http://localhost:3000")
          .contains("\"userEntityRef\":\"user:development/guest\"");
      String token = session.replaceAll("(?s).*\"token\":\"([^\"]+)\".*", "$1");
      assertThat(raw(port, "GET", "/api/catalog/entities?limit=1", "Host: localhost:" + port,
          origin)).startsWith("HTTP/1.1 401");
      String entities = raw(port, "GET", "/api/catalog/entities?limit=1",
          "Host: localhost:" + port, origin, "Authorization: Bearer " + token);
      assertThat(entities).startsWith("HTTP/1.1 200")
          .containsIgnoringCase("Access-Control-Allow-Origin: http://localhost:3000");
      // DNS rebinding: a token is not enough on a loopback server addressed by another name
      assertThat(raw(port, "GET", "/api/catalog/entities?limit=1", "Host: evil.example",
          "Authorization: Bearer " + token)).startsWith("HTTP/1.1 401");
    }
  }

  @Test
  void guestSignInOnAPublicAddressNeedsTheDangerousFlag() throws Exception {
    Path config = config("""
        backend:
          listen: {host: 0.0.0.0}
        auth:
          providers:
            guest: {}
        """);
    ServeCommand serve = parse("serve", "--config", config.toString(), "--port", "0",
        "--data", data.toString());
    assertThatThrownBy(serve::start).isInstanceOf(ConfigException.class)
        .hasMessageContaining("dangerouslyAllowOutsideDevelopment");
  }

  /** One HTTP/1.1 exchange over a socket, so that Host can be set as a browser would. */
  private static String raw(int port, String method, String path, String... headersAndBody)
      throws IOException {
    StringBuilder req = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    String body = null;
    for (String h : headersAndBody) {
      if (h.startsWith("{")) {
        body = h;
      } else {
        req.append(h).append("\r\n");
      }
    }
    if (body != null) {
      req.append("Content-Type: application/json\r\nContent-Length: ")
          .append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
    }
    req.append("Connection: close\r\n\r\n");
    if (body != null) {
      req.append(body);
    }
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write(req.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
    for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!ni.isUp() || ni.isLoopback()) {
        continue;
      }
      for (InetAddress a : Collections.list(ni.getInetAddresses())) {
        if (a instanceof java.net.Inet4Address && !a.isLoopbackAddress()) {
          return Optional.of(a);
        }
      }
    }
    return Optional.empty();
  }
}
