package dev.greenroom.catalog.processing.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.processing.LocationSpec;
import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.catalog.processing.location.FileLocations;
import dev.greenroom.catalog.processing.location.HttpUrlReader;
import dev.greenroom.catalog.processing.location.TestContext;
import dev.greenroom.catalog.processing.location.TestHttpServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlaceholderProcessorTest {
  @TempDir Path tmp;
  TestHttpServer server;

  @BeforeEach
  void start() throws Exception {
    server = new TestHttpServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static Entity entity(String spec) {
    return Entity.fromJson("{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"API\","
        + "\"metadata\":{\"name\":\"a\"},\"spec\":" + spec + "}");
  }

  private PlaceholderProcessor processor() {
    return PlaceholderProcessor.builder()
        .urlReader(HttpUrlReader.builder().allow(server.hostPort()).build())
        .build();
  }

  private Path write(String rel, String content) throws IOException {
    Path p = tmp.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return p.toAbsolutePath().normalize();
  }

  @Test
  void urlPlaceholdersAreResolvedRelativeToTheEntityUrl() {
    server.file("/apis/openapi.yaml", "openapi: 3.0.0\ninfo: {title: T}\n", null);
    server.file("/apis/data.json", "{\"a\": [1, 2]}", null);
    server.file("/apis/README.md", "# Hello", null);
    LocationSpec loc = LocationSpec.of("url", server.url("/apis/catalog-info.yaml"));
    TestContext ctx = new TestContext(loc);
    Entity out = processor().preProcess(entity(
        "{\"definition\":{\"$text\":\"./README.md\"},"
            + "\"nested\":[{\"y\":{\"$yaml\":\"openapi.yaml\"}},{\"j\":{\"$json\":\"" + server.url("/apis/data.json") + "\"}}],"
            + "\"schema\":{\"$ref\":\"#/definitions/x\"},"
            + "\"two\":{\"$text\":\"a\",\"other\":1}}"), ctx);
    assertThat(out.specValue("definition").asString()).isEqualTo("# Hello");
    assertThat(out.spec().path("nested").get(0).path("y").path("info").path("title").asString()).isEqualTo("T");
    assertThat(out.spec().path("nested").get(1).path("j")).isEqualTo(Json.parse("{\"a\": [1, 2]}"));
    assertThat(out.spec().path("schema")).isEqualTo(Json.parse("{\"$ref\":\"#/definitions/x\"}"));
    assertThat(out.spec().path("two")).isEqualTo(Json.parse("{\"$text\":\"a\",\"other\":1}"));
    assertThat(ctx.refreshKeys()).containsExactlyInAnyOrder(
        "url:" + server.url("/apis/README.md"),
        "url:" + server.url("/apis/openapi.yaml"),
        "url:" + server.url("/apis/data.json"));
  }

  @Test
  void entityWithoutPlaceholdersIsReturnedAsIs() {
    Entity e = entity("{\"type\":\"openapi\",\"x\":[1,{\"y\":2}]}");
    assertThat(processor().preProcess(e, new TestContext(LocationSpec.of("url", server.url("/a.yaml"))))).isSameAs(e);
    assertThat(processor().name()).isEqualTo("PlaceholderProcessor");
  }

  @Test
  void filePlaceholdersAreResolvedRelativeToTheEntityFileWithinTheRoots() throws IOException {
    Path cat = write("repo/apis/catalog-info.yaml", "");
    Path def = write("repo/apis/openapi.yaml", "openapi: 3.0.0\n");
    write("repo/shared/common.json", "[1]");
    LocationSpec loc = LocationSpec.of("file", cat.toString());
    PlaceholderProcessor p = PlaceholderProcessor.builder().files(FileLocations.within(tmp.resolve("repo"))).build();
    TestContext ctx = new TestContext(loc);
    Entity out = p.preProcess(entity("{\"d\":{\"$text\":\"./openapi.yaml\"},\"c\":{\"$json\":\"../shared/common.json\"}}"), ctx);
    assertThat(out.specValue("d").asString()).isEqualTo("openapi: 3.0.0\n");
    assertThat(out.spec().path("c")).isEqualTo(Json.parse("[1]"));
    assertThat(ctx.refreshKeys()).contains("file:" + def);
  }

  @Test
  void filePlaceholdersCannotEscapeTheRoots() throws IOException {
    Path cat = write("repo/catalog-info.yaml", "");
    write("secret.txt", "secret");
    LocationSpec loc = LocationSpec.of("file", cat.toString());
    PlaceholderProcessor within = PlaceholderProcessor.builder().files(FileLocations.within(tmp.resolve("repo"))).build();
    assertThatThrownBy(() -> within.preProcess(entity("{\"d\":{\"$text\":\"../secret.txt\"}}"), new TestContext(loc)))
        .isInstanceOf(ProcessingException.class)
        .hasMessageStartingWith("Placeholder $text could not read location ../secret.txt, NotAllowedError:");
    // with no roots configured, file placeholders stay within the entity's own folder
    PlaceholderProcessor any = PlaceholderProcessor.builder().build();
    assertThatThrownBy(() -> any.preProcess(entity("{\"d\":{\"$text\":\"../secret.txt\"}}"), new TestContext(loc)))
        .isInstanceOf(ProcessingException.class)
        .hasMessageContaining("not allowed");
  }

  @Test
  void urlPlaceholdersMustStayOnTheSameHost() {
    LocationSpec loc = LocationSpec.of("url", server.url("/a/catalog-info.yaml"));
    assertThatThrownBy(() -> processor().preProcess(entity("{\"d\":{\"$text\":\"https://other.example/x\"}}"), new TestContext(loc)))
        .isInstanceOf(ProcessingException.class)
        .hasMessageContaining("same repository");
  }

  @Test
  void githubPlaceholdersMustStayInTheSameRepository() {
    LocationSpec loc = LocationSpec.of("url", "https://github.com/o/r/blob/main/catalog-info.yaml");
    PlaceholderProcessor p = PlaceholderProcessor.builder()
        .urlReader((url, etag, max) -> { throw new AssertionError("must not read " + url); })
        .build();
    assertThatThrownBy(() -> p.preProcess(entity("{\"d\":{\"$text\":\"https://github.com/o/other/blob/main/x\"}}"), new TestContext(loc)))
        .isInstanceOf(ProcessingException.class)
        .hasMessageContaining("same repository");
    assertThatThrownBy(() -> p.preProcess(entity("{\"d\":{\"$text\":\"../../other/blob/main/x\"}}"), new TestContext(loc)))
        .hasMessageContaining("same repository");
  }

  @Test
  void placeholderOverTheSizeLimitIsAnErrorNamingTheUrl() {
    server.file("/big.txt", "x".repeat(3000), null);
    LocationSpec loc = LocationSpec.of("url", server.url("/catalog-info.yaml"));
    PlaceholderProcessor p = PlaceholderProcessor.builder()
        .urlReader(HttpUrlReader.builder().allow(server.hostPort()).build())
        .maxBytes(1000)
        .build();
    assertThatThrownBy(() -> p.preProcess(entity("{\"d\":{\"$text\":\"./big.txt\"}}"), new TestContext(loc)))
        .isInstanceOf(ProcessingException.class)
        .satisfies(e -> assertThat(((ProcessingException) e).error().name()).isEqualTo("InputError"))
        .hasMessageContaining("Placeholder $text could not read location ./big.txt")
        .hasMessageContaining(server.url("/big.txt"))
        .hasMessageContaining("larger than the limit of 1000");
  }

  @Test
  void filePlaceholderOverTheSizeLimitIsAnError() throws IOException {
    Path cat = write("catalog-info.yaml", "");
    write("big.txt", "x".repeat(3000));
    PlaceholderProcessor p = PlaceholderProcessor.builder().files(FileLocations.within(tmp)).maxBytes(1000).build();
    assertThatThrownBy(() -> p.preProcess(entity("{\"d\":{\"$text\":\"big.txt\"}}"), new TestContext(LocationSpec.of("file", cat.toString()))))
        .hasMessageContaining("Placeholder $text could not read location big.txt")
        .hasMessageContaining("larger than the limit of 1000");
  }

  @Test
  void parseErrorsUseBackstagesWording() {
    server.file("/bad.json", "{nope", null);
    server.file("/two.yaml", "a: 1\n---\nb: 2\n", null);
    server.file("/bomb.yaml", "a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
        + "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
        + "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
        + "g: [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]\n", null);
    LocationSpec loc = LocationSpec.of("url", server.url("/catalog-info.yaml"));
    assertThatThrownBy(() -> processor().preProcess(entity("{\"d\":{\"$json\":\"bad.json\"}}"), new TestContext(loc)))
        .hasMessageStartingWith("Placeholder $json failed to parse JSON data at bad.json, ");
    assertThatThrownBy(() -> processor().preProcess(entity("{\"d\":{\"$yaml\":\"two.yaml\"}}"), new TestContext(loc)))
        .hasMessage("Placeholder $yaml expected to find exactly one document of data at two.yaml, found 2");
    assertThatThrownBy(() -> processor().preProcess(entity("{\"d\":{\"$yaml\":\"bomb.yaml\"}}"), new TestContext(loc)))
        .hasMessageStartingWith("Placeholder $yaml failed to parse YAML data at bomb.yaml, ")
        .hasMessageContaining("alias bomb");
    assertThatThrownBy(() -> processor().preProcess(entity("{\"d\":{\"$text\":42}}"), new TestContext(loc)))
        .hasMessageStartingWith("Placeholder $text expected a string value parameter");
    assertThatThrownBy(() -> processor().preProcess(entity("{\"d\":{\"$text\":\"missing.txt\"}}"), new TestContext(loc)))
        .hasMessageStartingWith("Placeholder $text could not read location missing.txt, NotFoundError: ");
  }

  @Test
  void unreachableAndNotAllowedUrlsAreNamed() {
    LocationSpec loc = LocationSpec.of("url", "https://github.com/o/r/blob/main/catalog-info.yaml");
    PlaceholderProcessor p = PlaceholderProcessor.builder()
        .urlReader(HttpUrlReader.builder().allow("example.com").build())
        .build();
    assertThatThrownBy(() -> p.preProcess(entity("{\"d\":{\"$text\":\"./x.md\"}}"), new TestContext(loc)))
        .hasMessageContaining("could not read location ./x.md")
        .hasMessageContaining("https://github.com/o/r/tree/main/x.md")
        .hasMessageContaining("backend.reading.allow");
  }

  @Test
  void hostResolversAreCalledByName() {
    LocationSpec loc = LocationSpec.of("url", server.url("/catalog-info.yaml"));
    server.file("/spec.yaml", "x", null);
    PlaceholderProcessor p = PlaceholderProcessor.builder()
        .urlReader(HttpUrlReader.builder().allow(server.hostPort()).build())
        .resolver("upper", ctx -> Json.nodes().stringNode(ctx.read().text().toUpperCase() + ctx.key()))
        .build();
    Entity out = p.preProcess(entity("{\"d\":{\"$upper\":\"spec.yaml\"}}"), new TestContext(loc));
    assertThat(out.specValue("d").asString()).isEqualTo("Xupper");
  }
}
