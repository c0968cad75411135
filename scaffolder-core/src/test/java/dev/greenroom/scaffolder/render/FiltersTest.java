package dev.greenroom.scaffolder.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** Each Nunjucks filter against the result Nunjucks gives (from its documentation and code). */
class FiltersTest {
  private final TemplateRenderer r = TemplateRenderer.builder().build();
  private final JsonNode ctx = Json.parse("""
      {"items": [{"a": 1, "t": "x"}, {"a": 0, "t": "y"}, {"a": 2, "t": "x"}],
       "nums": [3, 1, 2], "obj": {"b": 2, "A": 1}, "ml": "a\\nb", "none": null}""");

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
      "${{ -3 | abs }} => 3",
      "${{ 'foo bar' | capitalize }} => Foo bar",
      "${{ 'FOO' | lower }}${{ 'foo' | upper }} => fooFOO",
      "${{ missing | default('x') }} => x",
      "${{ '' | default('x') }} => ``",
      "${{ '' | default('x', true) }} => x",
      "${{ missing | d('y') }} => y",
      "${{ nums | sort | join(',') }} => 1,2,3",
      "${{ nums | sort(true) | join(',') }} => 3,2,1",
      "${{ items | sort(false, false, 't') | join(',', 't') }} => x,x,y",
      "${{ nums | reverse | join(',') }} => 2,1,3",
      "${{ 'abc' | reverse }} => cba",
      "${{ nums | first }}-${{ nums | last }} => 3-2",
      "${{ nums | length }}-${{ obj | length }}-${{ 'abc' | length }} => 3-2-3",
      "${{ nums | join }} => 312",
      "${{ items | join('+', 'a') }} => 1+0+2",
      "${{ 4.567 | round(2) }} => 4.57",
      "${{ 4.5 | round }} => 5",
      "${{ 4.5 | round(0, 'floor') }} => 4",
      "${{ '3.5' | float }} => 3.5",
      "${{ '42abc' | int }} => 42",
      "${{ 'x' | int }} => 0",
      "${{ 'x' | int(7) }} => 7",
      "${{ 'ab' | list | join('-') }} => a-b",
      "${{ ml | indent(2) }} => `a\n  b`",
      "${{ ml | indent(2, true) }} => `  a\n  b`",
      "${{ 'hello world' | truncate(8) }} => hello...",
      "${{ 'hello world' | truncate(8, true) }} => hello wo...",
      "${{ 'hello world' | truncate(20) }} => hello world",
      "${{ 'a b  c' | wordcount }} => 3",
      "${{ 'a b&c/d' | urlencode }} => a%20b%26c%2Fd",
      "${{ '<p>x <b>y</b></p>' | striptags }} => x y",
      "${{ '<a href=\"x\">' | escape }} => &lt;a href=&quot;x&quot;&gt;",
      "${{ '<a>' | e }} => &lt;a&gt;",
      "${{ ml | nl2br }} => `a<br />\nb`",
      "${{ nums | sum }} => 6",
      "${{ items | sum('a') }} => 3",
      "${{ items | selectattr('a') | length }} => 2",
      "${{ items | rejectattr('a') | length }} => 1",
      "${{ 'aXbX' | replace('X', '-') }} => a-b-",
      "${{ 'aXbX' | replace('X', '-', 1) }} => a-bX",
      "${{ 'abc' | replace('', '.') }} => .a.b.c.",
      "${{ '  x  ' | trim }} => x",
      "${{ 'the big dog' | title }} => The Big Dog",
      "${{ 3 | string }}${{ true | string }} => 3true",
      "${{ 'x' | safe }} => x",
      "${{ obj | dump }} => {\"b\":2,\"A\":1}",
      "${{ missing | dump }} => ``",
      "${{ obj | dictsort | join(';') }} => A,1;b,2",
      "${{ [1,2,3,4,5] | batch(2) | join(';') }} => 1,2;3,4;5",
      "${{ [1,2,3,4,5] | batch(2, 0) | join(';') }} => 1,2;3,4;5,0",
      "${{ [1,2,3,4,5] | slice(2) | join(';') }} => 1,2,3;4,5",
      "${{ (items | groupby('t')).x | length }} => 2",
      "${{ 'ab' | center(6) }} => `  ab  `",
      "${{ 'ab' | count }} => 2",
      "${{ {a: 'x'} | dump }} => {\"a\":\"x\"}",
  })
  void filterGivesNunjucksResult(String template, String expected) {
    assertThat(r.render(template, ctx)).isEqualTo(expected);
  }
}
