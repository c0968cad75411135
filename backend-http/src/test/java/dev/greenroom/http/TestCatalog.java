package dev.greenroom.http;

import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.location.CatalogRules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A small catalog on disk, an engine over it, and HTTP helpers for the tests. */
public final class TestCatalog {
  static final HttpClient CLIENT = HttpClient.newHttpClient();

  private TestCatalog() {}

  static String component(String name, String owner, String type, String... tags) {
    return """
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: %s
          tags: [%s]
        spec:
          type: %s
          lifecycle: production
          owner: %s
        """.formatted(name, String.join(", ", tags), type, owner);
  }

  /** Writes the fixture catalog and returns the root file. */
  static Path write(Path dir, int extraComponents) {
    StringBuilder sb = new StringBuilder();
    sb.append("""
        apiVersion: backstage.io/v1alpha1
        kind: Group
        metadata:
          name: team-a
        spec:
          type: team
          children: []
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Group
        metadata:
          name: team-b
        spec:
          type: team
          children: []
        ---
        apiVersion: backstage.io/v1alpha1
        kind: User
        metadata:
          name: jane
        spec:
          memberOf: [team-a]
        ---
        apiVersion: backstage.io/v1alpha1
        kind: API
        metadata:
          name: petstore-api
        spec:
          type: openapi
          lifecycle: production
          owner: team-a
          definition: "openapi: 3.0.0"
        ---
        """);
    sb.append(component("petstore", "team-a", "service", "java", "web")).append("---\n");
    sb.append(component("Billing", "team-b", "service", "java")).append("---\n");
    sb.append(component("docs-site", "team-b", "website")).append("---\n");
    for (int i = 0; i < extraComponents; i++) {
      sb.append(component(String.format("gen-%05d", i), "team-b", "library")).append("---\n");
    }
    try {
      Files.createDirectories(dir);
      Path f = dir.resolve("catalog-info.yaml");
      Files.writeString(f, sb.toString());
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An engine over the fixture, processed until idle. */
  public static CatalogEngine engine(Path dir, int extraComponents) {
    Path root = write(dir, extraComponents);
    CatalogEngine engine =
        CatalogEngine.builder()
            .rules(CatalogRules.allowAll())
            .processingDisabled()
            .allowedLocationTypes(List.of("url", "file"))
            .location("file", root.toString())
            .build();
    engine.start();
    if (!engine.awaitIdle(Duration.ofMinutes(2))) {
      throw new IllegalStateException("engine not idle");
    }
    return engine;
  }

  /** Sends a request with the shared client, failures as unchecked exceptions. */
  public static HttpResponse<String> send(HttpRequest.Builder b) {
    try {
      return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static HttpResponse<String> get(URI base, String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET());
  }

  static HttpResponse<String> delete(URI base, String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).DELETE());
  }

  public static HttpResponse<String> post(URI base, String path, String json) {
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }
}
