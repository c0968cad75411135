package dev.greenroom.catalog.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.CatalogException;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every entity of the real-world corpus survives YAML and JSON round trips unchanged: same keys in
 * the same order, unknown {@code spec} and {@code metadata} fields included.
 */
class CorpusRoundTripTest {
  @Test
  void everyCorpusEntityRoundTripsThroughYamlAndJson() throws Exception {
    EntityYamlReader reader = EntityYamlReader.create();
    List<Entity> entities = new ArrayList<>();
    try (Stream<Path> files = Files.walk(corpusRoot())) {
      for (Path file : files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).toList()) {
        List<RawDocument> docs;
        try {
          docs = reader.read(file);
        } catch (CatalogReadException e) {
          continue;
        }
        for (RawDocument d : docs) {
          try {
            entities.add(Entity.fromJson(d.root()));
          } catch (CatalogException notAnEntity) {
            // documents without an envelope are the validator's business, not this test's
          }
        }
      }
    }
    assertThat(entities).hasSizeGreaterThan(250);
    List<RawDocument> viaYaml = reader.read("all.yaml", EntityWriter.toYaml(entities));
    List<RawDocument> viaJson = reader.read("all.json", EntityWriter.toJson(entities));
    assertThat(viaYaml).hasSize(entities.size());
    for (int i = 0; i < entities.size(); i++) {
      String original = Json.write(entities.get(i).toJson());
      assertThat(Json.write(viaYaml.get(i).root())).as(entities.get(i).ref().toString()).isEqualTo(original);
      assertThat(Json.write(viaJson.get(0).root().get(i))).as(entities.get(i).ref().toString()).isEqualTo(original);
    }
  }

  private static Path corpusRoot() throws URISyntaxException {
    return Path.of(Objects.requireNonNull(CorpusRoundTripTest.class.getResource("/corpus/corpus-verdicts.jsonl")).toURI()).getParent();
  }
}
