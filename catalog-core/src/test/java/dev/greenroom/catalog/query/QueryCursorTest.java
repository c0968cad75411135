package dev.greenroom.catalog.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class QueryCursorTest {
  @Test
  void roundTripsAndCarriesQueryOnlyForPredicates() {
    EntityPredicate filter = EntityFilters.parseLegacy(List.of("kind=component"));
    QueryCursor c =
        new QueryCursor(
            filter, true, SortField.desc("metadata.name"),
            new FullTextFilter("Pet", List.of("metadata.name")),
            "petstore", "component:default/petstore", false, "a", "component:default/a", 42);
    assertThat(QueryCursor.decode(c.encode())).isEqualTo(c);
    JsonNode json = decodeJson(c.encode());
    assertThat(json.has("query")).isTrue();
    assertThat(json.has("filter")).isFalse();

    QueryCursor legacy =
        new QueryCursor(filter, false, null, null, null, "component:default/x", true, null, null, 0);
    assertThat(QueryCursor.decode(legacy.encode())).isEqualTo(legacy);
    assertThat(decodeJson(legacy.encode()).has("query")).isFalse();
  }

  @Test
  void refusesGarbage() {
    assertThatThrownBy(() -> QueryCursor.decode("")).hasMessage("Cursor cannot be empty");
    assertThatThrownBy(() -> QueryCursor.decode("not base64!"))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessageStartingWith("Malformed cursor");
    String wrong = Base64.getEncoder().encodeToString("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> QueryCursor.decode(wrong)).hasMessageStartingWith("Malformed cursor");
  }

  private static JsonNode decodeJson(String cursor) {
    return Json.parse(new String(Base64.getDecoder().decode(cursor), StandardCharsets.UTF_8));
  }
}
