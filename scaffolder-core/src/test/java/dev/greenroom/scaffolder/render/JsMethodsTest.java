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
 * JavaScript's string, array and number methods in expressions, as Backstage's template engine
 * runs them. The expected texts were rendered by Nunjucks 3.2.4 on Node 20, one expression each
 * (lists given as values, {@code nums: [1, 2, 3]}), with {@code ${{ }}} delimiters; Backstage
 * 1.56 renders with nunjitsu 0.7, which allows only a list of methods (the ones below) and refuses
 * the rest ({@code replaceAll}, {@code padStart}, {@code repeat}...).
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
      {"\"xyz\".replace(\"\", \"-\")", "-xyz"},
      {"\"price\".replace(\"ic\", \"[$&]$$\")", "pr[ic]$e"},
      {"\"Hello\".toUpperCase() + \"Hello\".toLowerCase()", "HELLOhello"},
      {"\"  pad  \".trim() + \"|\" + \"  pad  \".trimStart() + \"|\" + \"  pad  \".trimEnd() + \"|\"", "pad|pad  |  pad|"},
      {"\"service-api\".startsWith(\"serv\") + \" \" + \"service-api\".endsWith(\"api\") + \" \" + \"service-api\".includes(\"ce-a\")", "true true true"},
      {"\"service-api\".indexOf(\"-\") + \" \" + \"a-b-c\".lastIndexOf(\"-\") + \" \" + \"abc\".indexOf(\"z\")", "7 3 -1"},
      {"\"service-api\".slice(-3) + \" \" + \"service-api\".slice(2, -4) + \" \" + \"service\".substring(4, 1)", "api rvice erv"},
      {"\"abc\".charAt(1) + \"abc\".charAt(9) + \"abc\".charCodeAt(0)", "b97"},
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
    assertThat(r.render("${{ parameters.name.toLowerCase().replace(' ', '-') }}", ctx))
        .isEqualTo("my-service");
    assertThat(r.render("{% for t in parameters.tags.split(',') %}[${{ t.trim() }}]{% endfor %}",
        ctx)).isEqualTo("[java][kafka]");
  }

  /**
   * Regression (rhdh sdlc-app, {@code values.environments.replaceAll(',','-')}): Backstage 1.56
   * fails such a template (nunjitsu answers the name as undefined), so Greenroom does too.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void methodsOutsideBackstagesListAreRefused(String expression) {
    assertThatThrownBy(() -> r.render("${{ " + expression + " }}", LISTS))
        .isInstanceOf(RenderException.class);
  }

  static Stream<String> refused() {
    return Stream.of("'a.b'.replaceAll('.', '/')", "'7'.padStart(3, '0')", "'ab'.padEnd(3)",
        "'x'.repeat(2)", "'service'.substr(1, 2)", "'abc'.at(-1)", "'Ab'.toLocaleUpperCase()",
        "' a'.trimLeft()", "'a'.valueOf()", "nums.toString()", "(1).valueOf()");
  }

  @Test
  void rangeErrorsAreRenderErrors() {
    assertThatThrownBy(() -> r.render("${{ (1).toFixed(101) }}", Json.object()))
        .isInstanceOf(RenderException.class)
        .hasMessageContaining("RangeError");
  }
}
