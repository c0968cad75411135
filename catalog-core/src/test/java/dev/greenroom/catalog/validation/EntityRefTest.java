package dev.greenroom.catalog.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.InvalidEntityRefException;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Properties of {@link EntityRef} (model package), checked here with jqwik. */
class EntityRefTest {

  @Provide
  Arbitrary<String> part() {
    return Arbitraries.strings().withChars("abcXYZ019-_.").ofMinLength(1).ofMaxLength(64);
  }

  @Property
  void parseOfStringifyRoundTrips(
      @ForAll("part") String kind, @ForAll("part") String ns, @ForAll("part") String name) {
    EntityRef ref = EntityRef.of(kind, ns, name);
    EntityRef again = EntityRef.parse(ref.toString());
    assertThat(again).isEqualTo(ref);
    assertThat(again.toString()).isEqualTo(ref.toString());
  }

  @Property
  void equalityIgnoresCase(
      @ForAll("part") String kind, @ForAll("part") String ns, @ForAll("part") String name) {
    EntityRef a = EntityRef.of(kind, ns, name);
    EntityRef b =
        EntityRef.of(
            kind.toUpperCase(Locale.ROOT), ns.toLowerCase(Locale.ROOT), name.toUpperCase(Locale.ROOT));
    assertThat(a).isEqualTo(b);
    assertThat(a.hashCode()).isEqualTo(b.hashCode());
  }

  @Test
  void oddColonsAndSlashes() {
    assertThat(EntityRef.parse("a:b:c").name()).isEqualTo("b:c");
    assertThat(EntityRef.parse("a:b/c/d").namespace()).isEqualTo("b");
    assertThat(EntityRef.parse("a:b/c/d").name()).isEqualTo("c/d");
    assertThat(EntityRef.parse("ns/n:x", "Group", null).kind()).isEqualTo("Group");
    assertThat(EntityRef.parse("Component:Default/Foo").kind()).isEqualTo("Component");
    assertThatThrownBy(() -> EntityRef.parse("a:")).isInstanceOf(InvalidEntityRefException.class)
        .hasMessage("Entity reference \"a:\" was not on the form [<kind>:][<namespace>/]<name>");
    assertThatThrownBy(() -> EntityRef.parse("")).hasMessage("Entity reference must not be empty");
  }
}
