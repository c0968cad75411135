package dev.greenroom.catalog.processing.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.processing.LocationSpec;
import dev.greenroom.catalog.processing.ProcessingError;
import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.catalog.processing.location.HttpUrlReader;
import dev.greenroom.catalog.processing.location.TestContext;
import dev.greenroom.catalog.processing.location.TestHttpServer;
import dev.greenroom.catalog.processing.location.UrlReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jspecify.annotations.Nullable;

class UrlReaderProcessorTest {
  private static final String TWO = """
      apiVersion: backstage.io/v1alpha1
      kind: Component
      metadata:
        name: one
      ---
      apiVersion: backstage.io/v1alpha1
      kind: API
      metadata:
        name: two
      """;

  TestHttpServer server;
  UrlReaderProcessor processor;

  @BeforeEach
  void start() throws Exception {
    server = new TestHttpServer();
    processor = new UrlReaderProcessor(HttpUrlReader.builder().allow(server.hostPort()).build());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private TestContext read(LocationSpec location, TestContext ctx) {
    assertThat(processor.readLocation(location, ctx)).isTrue();
    return ctx;
  }

  @Test
  void readsParsesAndEmitsARefreshKey() {
    server.file("/catalog-info.yaml", TWO, null);
    LocationSpec loc = LocationSpec.of("url", server.url("/catalog-info.yaml"));
    TestContext ctx = read(loc, new TestContext(loc));
    assertThat(processor.name()).isEqualTo("url-reader");
    assertThat(ctx.errors()).isEmpty();
    assertThat(ctx.entities()).extracting(e -> e.entity().metadata().name()).containsExactly("one", "two");
    assertThat(ctx.entities()).allSatisfy(e -> assertThat(e.location()).isEqualTo(loc));
    assertThat(ctx.refreshKeys()).containsExactly("url:" + loc.target());
    assertThat(processor.readLocation(LocationSpec.of("file", "/x"), new TestContext(loc))).isFalse();
  }

  @Test
  void notModifiedReemitsTheCachedResults() {
    server.file("/catalog-info.yaml", TWO, "\"abc\"");
    LocationSpec loc = LocationSpec.of("url", server.url("/catalog-info.yaml"));
    TestContext first = read(loc, new TestContext(loc));
    assertThat(first.cache.get("v1").path("etag").asString()).isEqualTo("\"abc\"");
    TestContext second = read(loc, first.nextRun());
    assertThat(server.requestHeaders.get(1).get("If-none-match")).containsExactly("\"abc\"");
    assertThat(second.entities()).isEqualTo(first.entities());
    assertThat(second.refreshKeys()).containsExactly("url:" + loc.target());
  }

  @Test
  void missingUrlIsNotFoundUnlessOptional() {
    LocationSpec loc = LocationSpec.of("url", server.url("/missing.yaml"));
    TestContext ctx = read(loc, new TestContext(loc));
    assertThat(ctx.errors()).singleElement().satisfies(e -> {
      assertThat(e.error().name()).isEqualTo("NotFoundError");
      assertThat(e.error().message()).startsWith("Unable to read url, NotFoundError: ").contains(loc.target());
    });
    TestContext optional = read(loc.withOptional(true), new TestContext(loc));
    assertThat(optional.errors()).isEmpty();
    assertThat(optional.refreshKeys()).containsExactly("url:" + loc.target());
  }

  @Test
  void searchWithNoFilesIsNotFound() {
    UrlReader searching = new UrlReader() {
      @Override
      public ReadResponse read(String url, @Nullable String etag, long maxBytes) {
        throw new AssertionError();
      }

      @Override
      public SearchResponse search(String url, @Nullable String etag) {
        return new SearchResponse(List.of(), null, false);
      }
    };
    LocationSpec loc = LocationSpec.of("url", "https://host/o/r/**/catalog-info.yaml");
    TestContext ctx = new TestContext(loc);
    new UrlReaderProcessor(searching).readLocation(loc, ctx);
    assertThat(ctx.errors()).singleElement().satisfies(e -> assertThat(e.error()).hasToString(
        "NotFoundError: Unable to read url, no matching files found for https://host/o/r/**/catalog-info.yaml"));
  }

  @Test
  void searchResultsAreParsedPerFile() {
    UrlReader searching = new UrlReader() {
      @Override
      public ReadResponse read(String url, @Nullable String etag, long maxBytes) {
        throw new AssertionError();
      }

      @Override
      public SearchResponse search(String url, @Nullable String etag) {
        return new SearchResponse(List.of(
            new FoundFile("https://host/a/catalog-info.yaml", "apiVersion: v1\nkind: Component\nmetadata: {name: a}\n".getBytes(StandardCharsets.UTF_8)),
            new FoundFile("https://host/b/catalog-info.yaml", "apiVersion: v1\nkind: Component\nmetadata: {name: b}\n".getBytes(StandardCharsets.UTF_8))),
            null, false);
      }
    };
    LocationSpec loc = LocationSpec.of("url", "https://host/**/catalog-info.yaml");
    TestContext ctx = new TestContext(loc);
    new UrlReaderProcessor(searching).readLocation(loc, ctx);
    assertThat(ctx.entities()).extracting(e -> e.location().target())
        .containsExactly("https://host/a/catalog-info.yaml", "https://host/b/catalog-info.yaml");
  }

  @Test
  void unreachableUrlIsAGeneralErrorNamingTheUrl() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    LocationSpec loc = LocationSpec.of("url", "http://127.0.0.1:" + port + "/catalog-info.yaml");
    TestContext ctx = new TestContext(loc);
    new UrlReaderProcessor(HttpUrlReader.builder().allow("127.0.0.1:" + port).build()).readLocation(loc, ctx);
    assertThat(ctx.errors()).singleElement().satisfies(e -> {
      assertThat(e.error().name()).isEqualTo("Error");
      assertThat(e.error().message()).startsWith("Unable to read url, ").contains(loc.target());
    });
    assertThat(ctx.refreshKeys()).containsExactly("url:" + loc.target());
  }

  @Test
  void hostNotAllowedIsAnErrorNamingTheUrl() {
    LocationSpec loc = LocationSpec.of("url", "https://not-allowed.example/catalog-info.yaml");
    TestContext ctx = read(loc, new TestContext(loc));
    assertThat(ctx.errors()).singleElement().satisfies(e ->
        assertThat(e.error().message()).contains("NotAllowedError").contains(loc.target()).contains("backend.reading.allow"));
  }

  @Test
  void longErrorsAreCutAt5000Characters() {
    UrlReader failing = (url, etag, max) -> {
      throw new ProcessingException(ProcessingError.general("x".repeat(10_000)));
    };
    LocationSpec loc = LocationSpec.of("url", "https://host/a.yaml");
    TestContext ctx = new TestContext(loc);
    new UrlReaderProcessor(failing).readLocation(loc, ctx);
    assertThat(ctx.errors()).singleElement().satisfies(e -> assertThat(e.error().message()).hasSize(5000));
  }

  @Test
  void malformedYamlAtAUrlIsAnErrorNamingTheUrl() {
    server.file("/bad.yaml", "kind: [unclosed\n", null);
    LocationSpec loc = LocationSpec.of("url", server.url("/bad.yaml"));
    TestContext ctx = read(loc, new TestContext(loc));
    assertThat(ctx.errors()).singleElement().satisfies(e ->
        assertThat(e.error().message()).startsWith("YAML error at " + loc.target()));
    assertThat(ctx.cache).isEmpty();
  }

  @Test
  void staleCacheFallsBackToAFullRead() {
    AtomicInteger calls = new AtomicInteger();
    UrlReader reader = (url, etag, max) -> {
      calls.incrementAndGet();
      return etag != null
          ? UrlReader.ReadResponse.notModified(etag)
          : UrlReader.ReadResponse.of("apiVersion: v1\nkind: Component\nmetadata: {name: a}\n".getBytes(StandardCharsets.UTF_8), "\"e\"");
    };
    LocationSpec loc = LocationSpec.of("url", "https://host/a.yaml");
    TestContext ctx = new TestContext(loc);
    ctx.cache.put("v1", dev.greenroom.catalog.json.Json.parse("{\"etag\":\"\\\"e\\\"\",\"value\":\"garbage\"}"));
    new UrlReaderProcessor(reader).readLocation(loc, ctx);
    assertThat(calls).hasValue(2);
    assertThat(ctx.entities()).hasSize(1);
  }
}
