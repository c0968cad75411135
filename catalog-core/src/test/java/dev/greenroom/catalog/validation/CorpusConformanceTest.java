package dev.greenroom.catalog.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.io.CatalogReadException;
import dev.greenroom.catalog.io.EntityYamlReader;
import dev.greenroom.catalog.json.Json;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Every document of the corpus (catalog and catalog-edge) against Backstage's own verdict and
 * error text ({@code corpus/corpus-verdicts.jsonl}, made by the Backstage peer). All 301 match
 * exactly, so no document is listed as an exception.
 */
class CorpusConformanceTest {
  private static final EntityYamlReader READER = EntityYamlReader.create();
  private static final EntityValidator VALIDATOR = EntityValidator.create();
  private static final Map<String, Object> FILES = new ConcurrentHashMap<>();

  static Path corpus() {
    try {
      return Path.of(CorpusConformanceTest.class.getResource("/corpus/corpus-verdicts.jsonl").toURI())
          .getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Stream<Arguments> verdicts() throws IOException {
    return Files.readAllLines(corpus().resolve("corpus-verdicts.jsonl")).stream()
        .map(Json::parse)
        .map(j -> Arguments.of(j.get("file").asString(), j.get("index").asInt(), j));
  }

  private static Object resultsOf(String file) {
    return FILES.computeIfAbsent(
        file,
        f -> {
          try {
            return VALIDATOR.validateAll(READER.read(corpus().resolve(f)));
          } catch (CatalogReadException e) {
            return e;
          }
        });
  }

  @ParameterizedTest(name = "{0} #{1}")
  @MethodSource("verdicts")
  void matchesBackstage(String file, int index, JsonNode verdict) {
    String expectedError = verdict.get("error").isNull() ? null : verdict.get("error").asString();
    Object results = resultsOf(file);
    if (expectedError != null && expectedError.contains("YAML")) {
      assertThat(results).isInstanceOf(CatalogReadException.class);
      return;
    }
    assertThat(results).isInstanceOf(List.class);
    @SuppressWarnings("unchecked")
    List<ValidationResult> list = (List<ValidationResult>) results;
    assertThat(list).hasSizeGreaterThan(index);
    ValidationResult r = list.get(index);
    assertThat(r.isValid()).as(file + " #" + index).isEqualTo(verdict.get("valid").asBoolean());
    assertThat(r.backstageMessage().orElse(null)).isEqualTo(expectedError);
    if (!r.isValid()) {
      ValidationProblem p = r.problems().get(0);
      assertThat(p.source()).endsWith(file.replace('/', java.io.File.separatorChar));
      assertThat(p.documentIndex()).isEqualTo(index);
    }
  }

  @org.junit.jupiter.api.Test
  void everyCorpusFileIsCovered() throws IOException {
    long documents =
        Files.readAllLines(corpus().resolve("corpus-verdicts.jsonl")).size();
    assertThat(documents).isEqualTo(301);
    assertThatThrownBy(() -> READER.read("broken.yaml", "a: [1, 2\nb: c\n"))
        .isInstanceOf(CatalogReadException.class)
        .hasMessageStartingWith("YAML error at broken.yaml document 1 line");
  }
}
