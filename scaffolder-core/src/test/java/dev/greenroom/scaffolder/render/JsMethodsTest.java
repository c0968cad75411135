package dev.greenroom.scaffolder.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.json.Json;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * JavaScript's string, array and number methods in expressions, as Backstage's Nunjucks runs
 * them. The expected texts were rendered by Nunjucks 3.2.4 on Node 20 (the version Backstage's
 * scaffolder uses), one expression each (lists given as values, {@code nums: [1, 2, 3]}), with {@code ${{ }}} delimiters.
 */
class JsMethodsTest {
  private static final tools.jackson.databind.JsonNode LISTS =
      Json.parse("{\"nums\": [1, 2, 3], \"four\": [1, 2, 3, 4], \"two\": [1, 2]}");
  private final TemplateRenderer r = TemplateRenderer.builder().build();

  static Stream<Arguments> nunjucks() {
    String[][] cases = {
      {"\"a,b,,c,\".split(\",\")|join(\"|\")", "a|b||c|"},
      {"\"a,b,c\".split(\",\", 2)|join(\"|\")", "a|b"},
      {"\"abc\".split(\"\")|join(\"|\")", "a|b|c"},
      {"\"abc\".split()|length", "1"},
      {"\"my-app name\".replace(\"-\", \"_\").replace(\" \", \"-\")", "my_app-name"},
      {"\"a.b.c\".replaceAll(\".\", \"/\")", "a/b/c"},
      {"\"xyz\".replace(\"\", \"-\")", "-xyz"},
      {"\"xyz\".replaceAll(\"\", \"-\")", "-x-y-z-"},
      {"\"price\".replace(\"ic\", \"[$&]$$\")", "pr[ic]$e"},
      {"\"Hello\".toUpperCase() + \"Hello\".toLowerCase()", "HELLOhello"},
      {"\"  pad  \".trim() + \"|\" + \"  pad  \".trimStart() + \"|\" + \"  pad  \".trimEnd() + \"|\"", "pad|pad  |  pad|"},
      {"\"service-api\".startsWith(\"serv\") + \" \" + \"service-api\".endsWith(\"api\") + \" \" + \"service-api\".includes(\"ce-a\")", "true true true"},
      {"\"service-api\".indexOf(\"-\") + \" \" + \"a-b-c\".lastIndexOf(\"-\") + \" \" + \"abc\".indexOf(\"z\")", "7 3 -1"},
      {"\"service-api\".slice(-3) + \" \" + \"service-api\".slice(2, -4) + \" \" + \"service\".substring(4, 1) + \" \" + \"service\".substr(-3, 2)", "api rvice erv ic"},
      {"\"abc\".charAt(1) + \"abc\".at(-1) + \"abc\".charAt(9)", "bc"},
      {"\"7\".padStart(3, \"0\") + \" \" + \"ab\".padEnd(5, \"xy\") + \" \" + \"abc\".repeat(2)", "007 abxyx abcabc"},
      {"\"a\".concat(\"b\", 1, true)", "ab1true"},
      {"nums.join(\"-\") + \" \" + nums.join() + \" \" + nums.includes(2) + \" \" + nums.indexOf(3)", "1-2-3 1,2,3 true 2"},
      {"four.slice(1, -1)|join(\",\")", "2,3"},
      {"two.concat([3], 4)|join(\",\")", "1,2,3,4"},
      {"(3.14159).toFixed(2) + \" \" + (255).toString(16) + \" \" + (2.5).toFixed(0) + \" \" + (10).toString()", "3.14 ff 3 10"},
    };
    return Stream.of(cases).map(c -> Arguments.of(c[0], c[1]));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nunjucks")
  void rendersAsNunjucksDoes(String expression, String expected) {
    assertThat(r.render("${{ " + expression + " }}", LISTS)).isEqualTo(expected);
  }

  @Test
  void templatesPeopleWriteWithParameters() {
    var ctx = Json.parse("{\"parameters\": {\"name\": \"My Service\", \"tags\": \"java, kafka\"}}");
    assertThat(r.render("${{ parameters.name.toLowerCase().replaceAll(' ', '-') }}", ctx))
        .isEqualTo("my-service");
    assertThat(r.render("{% for t in parameters.tags.split(',') %}[${{ t.trim() }}]{% endfor %}",
        ctx)).isEqualTo("[java][kafka]");
  }

  @Test
  void hugeResultsAreRefusedBeforeTheyAreBuilt() {
    assertThatThrownBy(() -> r.render("${{ 'x'.repeat(1000000000) }}", Json.object()))
        .isInstanceOf(RenderLimitException.class)
        .hasMessageContaining("repeat() result");
    assertThatThrownBy(() -> r.render("${{ 'x'.padStart(1000000000) }}", Json.object()))
        .isInstanceOf(RenderLimitException.class);
  }

  @Test
  void rangeErrorsAreRenderErrors() {
    assertThatThrownBy(() -> r.render("${{ 'x'.repeat(-1) }}", Json.object()))
        .isInstanceOf(RenderException.class)
        .hasMessageContaining("RangeError: Invalid count value");
  }
}
