package dev.greenroom.catalog.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * The reader's shortcut for plain scalars gives the core schema resolver's tag for every value:
 * every first character (so a resolver the engine adds for a new first character is noticed),
 * the values each implicit type takes, and arbitrary text.
 */
class PlainScalarResolutionTest {
  private static final ScalarResolver CORE = new CoreSchema().getScalarResolver();

  @Test
  void everyFirstCharacterResolvesAsTheCoreSchemaSays() {
    List<String> mismatches = new ArrayList<>();
    String[] tails = {"", "x", "1", "0", ".5", "rue", "alse", "ull", "{FOO}", "<", " ", "e3"};
    for (int c = 0; c <= Character.MAX_VALUE; c++) {
      for (String tail : tails) {
        String value = (char) c + tail;
        if (!EntityYamlReader.resolvePlain(value).equals(CORE.resolve(value, true))) {
          mismatches.add(value);
        }
      }
    }
    assertThat(mismatches).isEmpty();
  }

  @Test
  void implicitValuesKeepTheirTypes() {
    String[] values = {"", "~", "null", "Null", "NULL", "true", "True", "FALSE", "false", "12",
        "-3", "+4", "0o17", "0x1F", "1.5", "-.5", ".5", "1e3", ".inf", "-.Inf", ".NaN", "<<",
        "${HOME}", "nothing", "team-a", "production", "Tuesday", "falsehood", "0.1.2", "-", "."};
    for (String v : values) {
      assertThat(EntityYamlReader.resolvePlain(v)).as(v).isEqualTo(CORE.resolve(v, true));
    }
    assertThat(EntityYamlReader.resolvePlain("12")).isEqualTo(Tag.INT);
    assertThat(EntityYamlReader.resolvePlain("team-a")).isEqualTo(Tag.STR);
  }

  @Property(tries = 2_000)
  void arbitraryTextResolvesAsTheCoreSchemaSays(@ForAll String value) {
    assertThat(EntityYamlReader.resolvePlain(value)).isEqualTo(CORE.resolve(value, true));
  }
}
