package dev.greenroom.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransformsTest {
  private final Transforms t =
      new Transforms(Map.of("A", "1", "B", "two", "EMPTY", "")::get, Path.of("."), "test.yaml");

  @Test
  void substitutesEveryPlaceholderInAString() {
    assertThat(t.substitute("${A}-${B}/${ A }")).isEqualTo("1-two/1");
    assertThat(t.substitute("no placeholders")).isEqualTo("no placeholders");
    assertThat(t.substitute("")).isEmpty();
  }

  @Test
  void doubleDollarEscapesALiteralPlaceholder() {
    assertThat(t.substitute("$${A}")).isEqualTo("${A}");
    assertThat(t.substitute("$${A} and ${A}")).isEqualTo("${A} and 1");
    assertThat(t.substitute("$$A stays")).isEqualTo("$$A stays");
  }

  @Test
  void unsetVariableDropsTheWholeValue() {
    assertThat(t.substitute("x ${UNSET} y")).isNull();
    assertThat(t.substitute("${EMPTY}")).isEmpty();
  }

  @Test
  void fallbackForUnsetOrEmpty() {
    assertThat(t.substitute("${UNSET:-def}")).isEqualTo("def");
    assertThat(t.substitute("${EMPTY:-def}")).isEqualTo("def");
    assertThat(t.substitute("${A:-def}")).isEqualTo("1");
  }

  @Test
  void droppedValuesLeaveObjectsAndArrays() {
    var tree = Json.parse("{\"a\":\"${UNSET}\",\"b\":[\"${A}\",\"${UNSET}\",3],\"c\":{\"$env\":\"B\"},"
        + "\"d\":{\"$env\":\"UNSET\"},\"e\":true}");
    assertThat(Json.write(t.apply(tree, ""))).isEqualTo("{\"b\":[\"1\",3],\"c\":\"two\",\"e\":true}");
  }
}
