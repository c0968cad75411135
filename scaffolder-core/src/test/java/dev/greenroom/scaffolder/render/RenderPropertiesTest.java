package dev.greenroom.scaffolder.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.scaffolder.run.SecretMasker;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Properties over arbitrary values: typing, no second rendering of data, masking. */
class RenderPropertiesTest {
  private final TemplateRenderer r = TemplateRenderer.builder().build();

  @Provide
  Arbitrary<String> nasty() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(30),
        Arbitraries.strings().withChars("${}%#'\"\\|-:,.()[]!=&<> \nax").ofMaxLength(30),
        Arbitraries.of("${{ parameters.x }}", "{% raw %}", "{{ x }}", "#{ 1 }", "}}", "\u0000",
            "${{", "{%", "{#", "'", "\"", "\\", "é✓𝄞"));
  }

  @Provide
  Arbitrary<JsonNode> json() {
    Arbitrary<JsonNode> leaf = Arbitraries.oneOf(
        nasty().map(s -> (JsonNode) Json.nodes().stringNode(s)),
        Arbitraries.longs().map(l -> (JsonNode) Json.nodes().numberNode(l)),
        Arbitraries.doubles().between(-1e9, 1e9).ofScale(3)
            .map(d -> (JsonNode) Json.nodes().numberNode(d.doubleValue())),
        Arbitraries.of(true, false).map(b -> (JsonNode) Json.nodes().booleanNode(b)),
        Arbitraries.just((JsonNode) Json.nodes().nullNode()));
    Arbitrary<JsonNode> list = leaf.list().ofMaxSize(4).map(l -> {
      var a = Json.nodes().arrayNode();
      l.forEach(a::add);
      return (JsonNode) a;
    });
    Arbitrary<JsonNode> obj = Combinators.combine(
        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8), leaf).as((k, v) -> {
          ObjectNode o = Json.object();
          o.set(k, v);
          o.set("nested", Json.nodes().arrayNode().add(v));
          return (JsonNode) o;
        });
    return Arbitraries.oneOf(leaf, list, obj);
  }

  private static ObjectNode ctx(JsonNode v) {
    ObjectNode c = Json.object();
    c.putObject("parameters").set("v", v);
    return c;
  }

  @Property(tries = 300)
  void wholeValueExpressionsGiveBackTheValueExactly(@ForAll("json") JsonNode v) {
    JsonNode out = r.renderValue(Json.nodes().stringNode("${{ parameters.v }}"), ctx(v));
    assertThat(out).isNotNull();
    assertThat(canonical(out)).isEqualTo(canonical(v));
  }

  /** Numbers compared as numbers (JavaScript has one number type). */
  private static String canonical(JsonNode n) {
    if (n.isNumber()) {
      return n.decimalValue().stripTrailingZeros().toPlainString();
    }
    if (n.isArray()) {
      StringBuilder b = new StringBuilder("[");
      n.forEach(c -> b.append(canonical(c)).append(','));
      return b.append(']').toString();
    }
    if (n.isObject()) {
      StringBuilder b = new StringBuilder("{");
      n.properties().forEach(e -> b.append(Json.write(Json.nodes().stringNode(e.getKey())))
          .append(':').append(canonical(e.getValue())).append(','));
      return b.append('}').toString();
    }
    return Json.write(n);
  }

  @Property(tries = 300)
  void dataIsNeverRenderedASecondTime(@ForAll("nasty") String s) {
    assertThat(r.render("[${{ parameters.v }}]", ctx(Json.nodes().stringNode(s))))
        .isEqualTo("[" + s + "]");
    assertThat(r.renderFile("f", "<${{ values.v }}>", Json.object().put("v", s),
        TemplateRenderer.Options.DEFAULT)).isEqualTo("<" + s + ">");
  }

  @Property(tries = 300)
  void literalTextWithoutDelimitersIsKept(@ForAll @StringLength(max = 40) String s) {
    String text = s.replace("${{", "").replace("{%", "").replace("{#", "");
    if (text.contains("${{") || text.contains("{%") || text.contains("{#")) {
      return; // removing one may have formed another
    }
    assertThat(r.render(text, Json.object())).isEqualTo(text);
  }

  @Property(tries = 300)
  void maskingRemovesEverySecretOccurrence(@ForAll @StringLength(min = 2, max = 12) String secret,
      @ForAll @StringLength(max = 20) String before, @ForAll @StringLength(max = 20) String after) {
    if (secret.strip().length() < 2) {
      return;
    }
    String masked = SecretMasker.of(Map.of("s", secret)).mask(before + secret + after + secret.strip());
    assertThat(masked).doesNotContain(secret).doesNotContain(secret.strip());
  }
}
