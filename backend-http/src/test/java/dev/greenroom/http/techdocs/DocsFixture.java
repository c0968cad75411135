package dev.greenroom.http.techdocs;

import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.http.BackendServer;
import dev.greenroom.http.TestCatalog;
import dev.greenroom.techdocs.TechDocs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * A repository on disk with two documented components (the corpus projects) and one without docs,
 * a catalog engine over it, TechDocs publishing into a folder, and a server with the plugin.
 */
final class DocsFixture implements AutoCloseable {
  static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  final Path root;
  final Path publish;
  final CatalogEngine engine;
  final TechDocs techdocs;
  final BackendServer server;

  DocsFixture(Path tmp, boolean htmlAsPlainText) {
    this.root = tmp.resolve("repo");
    this.publish = tmp.resolve("published");
    copy("documented-component", root.resolve("documented"));
    copy("demo", root.resolve("demo"));
    try {
      Files.writeString(root.resolve("catalog-info.yaml"), """
          apiVersion: backstage.io/v1alpha1
          kind: Component
          metadata:
            name: documented-component
            title: Documented Component
            annotations:
              backstage.io/techdocs-ref: dir:./documented
          spec: {type: service, lifecycle: experimental, owner: team-a}
          ---
          apiVersion: backstage.io/v1alpha1
          kind: Component
          metadata:
            name: Demo
            annotations:
              backstage.io/techdocs-ref: dir:./demo
          spec: {type: website, lifecycle: production, owner: team-a}
          ---
          apiVersion: backstage.io/v1alpha1
          kind: Component
          metadata:
            name: shows-demo
            annotations:
              backstage.io/techdocs-entity: component:default/demo
          spec: {type: website, lifecycle: production, owner: team-a}
          ---
          apiVersion: backstage.io/v1alpha1
          kind: Component
          metadata:
            name: escapes
            annotations:
              backstage.io/techdocs-ref: dir:../outside
          spec: {type: website, lifecycle: production, owner: team-a}
          ---
          apiVersion: backstage.io/v1alpha1
          kind: Component
          metadata:
            name: no-docs
          spec: {type: library, lifecycle: production, owner: team-a}
          """);
      // a file next to the published sites that must never be served
      Files.createDirectories(publish);
      Files.writeString(tmp.resolve("secret.txt"), "TOP-SECRET-OUTSIDE");
      Files.writeString(publish.resolve("secret.txt"), "TOP-SECRET-PUBLISH-ROOT");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    engine = CatalogEngine.builder()
        .rules(CatalogRules.allowAll())
        .processingDisabled()
        .allowedLocationTypes(List.of("url", "file"))
        .location("file", root.resolve("catalog-info.yaml").toString())
        .build();
    engine.start();
    if (!engine.awaitIdle(Duration.ofMinutes(2))) {
      throw new IllegalStateException("engine not idle");
    }
    techdocs = TechDocs.builder().publishDirectory(publish).checkInterval(Duration.ZERO).build();
    server = BackendServer.builder().host("127.0.0.1").port(0).catalog(engine)
        .plugin(TechDocsApiPlugin.builder(techdocs, engine.catalog()).htmlAsPlainText(htmlAsPlainText).build())
        .build().start();
  }

  private static void copy(String resource, Path target) {
    try {
      Path src = Path.of(DocsFixture.class.getResource("/techdocs/" + resource).toURI());
      try (Stream<Path> s = Files.walk(src)) {
        for (Path p : s.toList()) {
          Path t = target.resolve(src.relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(t);
          } else {
            Files.copy(p, t);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  URI url(String path) {
    return URI.create(server.baseUrl().toString().replaceAll("/$", "") + path);
  }

  HttpResponse<String> get(String path) {
    return TestCatalog.send(HttpRequest.newBuilder(url(path)).GET());
  }


  @Override
  public void close() {
    server.close();
    techdocs.close();
    engine.close();
  }
}
