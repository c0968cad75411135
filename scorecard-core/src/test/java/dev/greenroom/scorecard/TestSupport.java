package dev.greenroom.scorecard;

import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.io.EntityYamlReader;
import dev.greenroom.catalog.io.RawDocument;
import dev.greenroom.catalog.model.Entity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Fixture catalogs and a settable clock. */
public final class TestSupport {
  private TestSupport() {}

  /** A test resource folder as a path. */
  public static Path resource(String name) {
    try {
      return Path.of(TestSupport.class.getResource("/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every non-Location entity of the YAML files under the folders, in an in-memory catalog. */
  public static Catalog catalog(String... folders) {
    EntityYamlReader reader = EntityYamlReader.create();
    List<Entity> entities = new ArrayList<>();
    for (String folder : folders) {
      try (Stream<Path> files = Files.walk(resource(folder))) {
        for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
          for (RawDocument d : reader.read(f)) {
            // referenced non-entity files (an OpenAPI document) have no apiVersion
            if (d.root().has("apiVersion") && !"Location".equals(d.root().path("kind").asString())) {
              entities.add(Entity.fromJson(d.root()).withDefaultNamespace());
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    Catalog c = Catalog.builder().build();
    c.upsert(entities);
    return c;
  }

  /** Backstage's example catalog plus Greenroom's two fixture services. */
  public static Catalog examples() {
    return catalog("corpus/backstage-examples", "fixtures");
  }
}
