package dev.greenroom.catalog.processing.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.processing.ProcessingException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpUrlReaderTest {
  TestHttpServer server;

  @BeforeEach
  void start() throws Exception {
    server = new TestHttpServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpUrlReader reader() {
    return HttpUrlReader.builder().allow(server.hostPort()).timeout(Duration.ofSeconds(5)).build();
  }

  private static String errorName(Throwable e) {
    return ((ProcessingException) e).error().name();
  }

  @Test
  void readTreeIsRefusedClearlyByReadersThatCannotListFolders() {
    HttpUrlReader reader = HttpUrlReader.builder().allow("github.com").build();
    assertThatThrownBy(() -> reader.readTree("https://github.com/o/r/tree/main/docs", null))
        .isInstanceOf(ProcessingException.class)
        .hasMessageContaining("https://github.com/o/r/tree/main/docs")
        .hasMessageContaining("not supported by this reader (HttpUrlReader)")
        .satisfies(e -> assertThat(((ProcessingException) e).error().name()).isEqualTo("NotAllowedError"));
  }

  @Test
  void readsWithEtagAndAnswersNotModified() {
    server.file("/catalog-info.yaml", "kind: Component", "\"v1\"");
    HttpUrlReader reader = reader();
    UrlReader.ReadResponse first = reader.read(server.url("/catalog-info.yaml"));
    assertThat(new String(first.content(), StandardCharsets.UTF_8)).isEqualTo("kind: Component");
    assertThat(first.etag()).isEqualTo("\"v1\"");
    UrlReader.ReadResponse second = reader.read(server.url("/catalog-info.yaml"), "\"v1\"", 1000);
    assertThat(second.isNotModified()).isTrue();
  }

  @Test
  void missingFileIsNotFound() {
    String url = server.url("/nope.yaml");
    assertThatThrownBy(() -> reader().read(url))
        .isInstanceOf(ProcessingException.class)
        .satisfies(e -> assertThat(errorName(e)).isEqualTo("NotFoundError"))
        .hasMessageContaining(url)
        .hasMessageContaining("404");
  }

  @Test
  void hostNotAllowedNamesTheUrlAndTheConfigKey() {
    HttpUrlReader reader = HttpUrlReader.builder().allow("example.com").build();
    String url = server.url("/x.yaml");
    assertThatThrownBy(() -> reader.read(url))
        .isInstanceOf(ProcessingException.class)
        .satisfies(e -> assertThat(errorName(e)).isEqualTo("NotAllowedError"))
        .hasMessageContaining(url)
        .hasMessageContaining("backend.reading.allow");
    assertThat(server.requestPaths).isEmpty();
  }

  @Test
  void onlyHttpSchemesAreRead() {
    HttpUrlReader reader = HttpUrlReader.builder().allow("localhost").build();
    assertThatThrownBy(() -> reader.read("file:///etc/passwd"))
        .isInstanceOf(ProcessingException.class)
        .hasMessageContaining("not allowed");
  }

  @Test
  void connectionRefusedIsAnErrorNamingTheUrl() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port + "/catalog-info.yaml";
    HttpUrlReader reader = HttpUrlReader.builder().allow("127.0.0.1:" + port).build();
    assertThatThrownBy(() -> reader.read(url))
        .isInstanceOf(ProcessingException.class)
        .satisfies(e -> assertThat(errorName(e)).isEqualTo("Error"))
        .hasMessageContaining("Unable to read " + url);
  }

  @Test
  void bodyOverTheLimitFailsWhileStreaming() {
    server.file("/big.yaml", "x".repeat(5000), null);
    HttpUrlReader reader = HttpUrlReader.builder().allow(server.hostPort()).maxBytes(1000).build();
    assertThatThrownBy(() -> reader.read(server.url("/big.yaml")))
        .isInstanceOf(ProcessingException.class)
        .hasMessageContaining(server.url("/big.yaml"))
        .hasMessageContaining("larger than the limit of 1000 bytes");
    assertThatThrownBy(() -> reader().read(server.url("/big.yaml"), null, 100))
        .hasMessageContaining("larger than the limit of 100 bytes");
  }

  @Test
  void redirectsAreFollowedOnlyToAllowedHosts() {
    server.file("/real.yaml", "ok", null);
    server.redirect("/moved.yaml", "/real.yaml");
    server.redirect("/away.yaml", "http://evil.example.org/x.yaml");
    assertThat(new String(reader().read(server.url("/moved.yaml")).content(), StandardCharsets.UTF_8))
        .isEqualTo("ok");
    assertThatThrownBy(() -> reader().read(server.url("/away.yaml")))
        .isInstanceOf(ProcessingException.class)
        .satisfies(e -> assertThat(errorName(e)).isEqualTo("NotAllowedError"))
        .hasMessageContaining("evil.example.org");
  }

  @Test
  void headersAreSentOnlyToTheirHost() {
    server.file("/a.yaml", "ok", null);
    HttpUrlReader reader =
        HttpUrlReader.builder()
            .allow(server.hostPort())
            .header("127.0.0.1", "Authorization", "token secret")
            .header("example.com", "X-Other", "no")
            .build();
    reader.read(server.url("/a.yaml"));
    var headers = server.requestHeaders.get(0);
    assertThat(headers.get("Authorization")).containsExactly("token secret");
    assertThat(headers).doesNotContainKey("X-other");
  }

  @Test
  void pathPrefixAndWildcardRules() {
    HttpUrlReader reader =
        HttpUrlReader.builder().allow("*.example.com").allow("docs.org/catalog/").build();
    assertThat(reader.isAllowed("https://a.example.com/x.yaml")).isTrue();
    assertThat(reader.isAllowed("https://example.com/x.yaml")).isFalse();
    assertThat(reader.isAllowed("https://a.example.com:8443/x.yaml")).isFalse();
    assertThat(reader.isAllowed("https://docs.org/catalog/x.yaml")).isTrue();
    assertThat(reader.isAllowed("https://docs.org/other/x.yaml")).isFalse();
    assertThat(reader.isAllowed("https://docs.org/catalog/../other/x.yaml")).isFalse();
  }

  @Test
  void githubBlobUrlsAreReadFromRawAndCoveredByGithubCom() {
    assertThat(HttpUrlReader.rawForm(URI.create("https://github.com/o/r/blob/main/dir/catalog-info.yaml")))
        .hasToString("https://raw.githubusercontent.com/o/r/main/dir/catalog-info.yaml");
    assertThat(HttpUrlReader.rawForm(URI.create("https://github.com/o/r/tree/main/x.yaml")))
        .hasToString("https://raw.githubusercontent.com/o/r/main/x.yaml");
    HttpUrlReader reader = HttpUrlReader.builder().allow("github.com").build();
    assertThat(reader.isAllowed("https://raw.githubusercontent.com/o/r/main/x.yaml")).isTrue();
    assertThat(reader.isAllowed("https://gist.githubusercontent.com/o/x")).isFalse();
  }

  @Test
  void defaultSearchReadsTheSingleUrl() {
    server.file("/c.yaml", "kind: API", "\"e\"");
    UrlReader.SearchResponse r = reader().search(server.url("/c.yaml"), null);
    assertThat(r.files()).extracting(UrlReader.FoundFile::url).isEqualTo(List.of(server.url("/c.yaml")));
    assertThat(r.etag()).isEqualTo("\"e\"");
    assertThat(reader().search(server.url("/c.yaml"), "\"e\"").notModified()).isTrue();
  }
}
