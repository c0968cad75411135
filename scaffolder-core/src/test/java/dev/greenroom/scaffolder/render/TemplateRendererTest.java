package dev.greenroom.scaffolder.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.json.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class TemplateRendererTest {
  private final TemplateRenderer r = TemplateRenderer.builder().build();

  private static JsonNode ctx(String json) {
    return Json.parse(json);
  }

  private final JsonNode params = ctx("""
      {"parameters": {"name": "demo", "count": 3, "ratio": 1.5, "tags": ["a", "b"], "on": true,
        "obj": {"x": 1}, "repoUrl": "github.com?owner=acme&repo=web", "empty": "", "zero": 0,
        "enableCI": "No"},
       "steps": {"publish": {"output": {"remoteUrl": "https://x/y"}}}}
      """);

  @Test
  void wholeValueExpressionsKeepTheirJsonType() {
    assertThat(r.renderValue(Json.parse("\"${{ parameters.count }}\""), params))
        .isEqualTo(Json.parse("3"));
    assertThat(r.renderValue(Json.parse("\"${{ parameters.tags }}\""), params))
        .isEqualTo(Json.parse("[\"a\",\"b\"]"));
    assertThat(r.renderValue(Json.parse("\"${{ parameters.on }}\""), params))
        .isEqualTo(Json.parse("true"));
    assertThat(r.renderValue(Json.parse("\"${{ parameters.obj }}\""), params))
        .isEqualTo(Json.parse("{\"x\":1}"));
    assertThat(r.renderValue(Json.parse("\"${{ parameters.ratio }}\""), params))
        .isEqualTo(Json.parse("1.5"));
    assertThat(r.renderValue(Json.parse("\"v${{ parameters.count }}\""), params))
        .isEqualTo(Json.parse("\"v3\""));
    assertThat(r.renderValue(Json.parse("\"${{ steps['publish'].output.remoteUrl }}\""), params))
        .isEqualTo(Json.parse("\"https://x/y\""));
  }

  @Test
  void emptyResultsRemoveTheKey() {
    JsonNode out = r.renderValue(Json.parse(
        "{\"a\": \"${{ parameters.missing }}\", \"b\": \"${{ parameters.empty }}\", \"c\": 1,"
            + " \"d\": [\"${{ parameters.name }}\"]}"), params);
    // undefined dumps to nothing (key removed); an empty string dumps to "" and stays
    assertThat(out).isEqualTo(Json.parse("{\"b\": \"\", \"c\": 1, \"d\": [\"demo\"]}"));
    assertThat(r.renderValue(Json.parse("\"x${{ parameters.empty }}\""), params))
        .isEqualTo(Json.parse("\"x\""));
    assertThat(r.renderValue(Json.parse("\"${{ parameters.empty }}${{ parameters.missing }}\""),
        params)).isNull();
  }

  @Test
  void javascriptOperatorsAndTruthiness() {
    assertThat(r.render("${{ parameters.enableCI === \"Yes\" }}", params)).isEqualTo("false");
    assertThat(r.render("${{ parameters.enableCI !== 'Yes' }}", params)).isEqualTo("true");
    assertThat(r.render("${{ parameters.missing or 'fallback' }}", params)).isEqualTo("fallback");
    assertThat(r.render("${{ parameters.name and parameters.count }}", params)).isEqualTo("3");
    assertThat(r.render("${{ not parameters.zero }}", params)).isEqualTo("true");
    assertThat(r.render("${{ parameters.name + \"/\" + parameters.count }}", params))
        .isEqualTo("demo/3");
    assertThat(r.render("${{ parameters.count + 2 }}", params)).isEqualTo("5");
    assertThat(r.render("${{ parameters.ratio * 2 }}", params)).isEqualTo("3");
    assertThat(r.render("${{ parameters.tags }}", params)).isEqualTo("a,b");
    assertThat(r.render("${{ parameters.obj }}", params)).isEqualTo("[object Object]");
    assertThat(r.render("${{ parameters.name.length }}", params)).isEqualTo("4");
  }

  @Test
  void blocksLoopsAndWhitespaceControl() {
    assertThat(r.render("a\n  {%- if parameters.name %}\n  b\n  {%- endif %}\nc", params))
        .isEqualTo("a\n  b\nc");
    assertThat(r.render("{% if parameters.empty %}x{% elif parameters.tags %}y{% endif %}", params))
        .isEqualTo("y");
    assertThat(r.render("{% for t in parameters.tags %}${{ loop.index }}${{ t }}{% endfor %}",
        params)).isEqualTo("1a2b");
    assertThat(r.render("{% for k, v in parameters.obj %}${{ k }}=${{ v }}{% endfor %}", params))
        .isEqualTo("x=1");
    assertThat(r.render("{% raw %}${{ github.sha }}{% endraw %}", params))
        .isEqualTo("${{ github.sha }}");
    assertThat(r.render("{{ left alone }} ${{ parameters.name }}", params))
        .isEqualTo("{{ left alone }} demo");
    assertThat(r.render("{% set x = parameters.count * 2 %}${{ x }}", params)).isEqualTo("6");
    assertThat(r.render("{# comment #}ok", params)).isEqualTo("ok");
  }

  @Test
  void inlineIfAsNunjucksHasIt() {
    assertThat(r.render("${{ parameters.name if parameters.on }}", params)).isEqualTo("demo");
    assertThat(r.render("${{ parameters.name if parameters.empty }}", params)).isEqualTo("");
    assertThat(r.render("${{ 'a' if parameters.zero else 'b' }}", params)).isEqualTo("b");
    assertThat(r.render("${{ ('x' if parameters.on else 'y') | upper }}", params)).isEqualTo("X");
    assertThat(r.render("${{ 'if' if parameters.on else 'else' }}", params)).isEqualTo("if");
    assertThat(r.renderValue(Json.parse("\"${{ parameters.tags if parameters.on else [] }}\""),
        params)).isEqualTo(Json.parse("[\"a\",\"b\"]"));
    assertThat(r.render("{% set v = 1 if parameters.on else 2 %}${{ v }}", params)).isEqualTo("1");
    assertThat(r.render("{% if 'x' if parameters.zero else '' %}T{% else %}F{% endif %}", params))
        .isEqualTo("F");
  }

  @Test
  void jsonNullIsNotUndefined() {
    JsonNode c = Json.parse("{\"parameters\": {\"n\": null, \"list\": [1, null]}}");
    assertThat(r.renderValue(Json.parse("{\"a\": \"${{ parameters.n }}\", \"b\": \"${{ parameters.u }}\"}"),
        c)).isEqualTo(Json.parse("{\"a\": null}"));
    assertThat(r.render("[${{ parameters.n }}]", c)).isEqualTo("[]");
    assertThat(r.render("${{ parameters.n | dump }}|${{ parameters.u | dump }}", c)).isEqualTo("null|");
    assertThat(r.render("${{ parameters.n | default('d') }}|${{ parameters.u | default('d') }}", c))
        .isEqualTo("|d");
    assertThat(r.render("${{ parameters.n == parameters.u }} ${{ parameters.n is null }}"
        + " ${{ parameters.n is defined }} ${{ parameters.u is defined }}", c))
        .isEqualTo("true true true false");
    assertThat(r.render("${{ parameters.n.x }}${{ parameters.list | join('-') }}", c)).isEqualTo("1-");
    assertThat(r.render("${{ parameters.n + 1 }} ${{ parameters.n + 'x' }}", c)).isEqualTo("1 nullx");
    assertThat(r.render("${{ {a: parameters.u, b: parameters.n} | dump }}", c))
        .isEqualTo("{\"b\":null}");
    assertThat(r.render("{% for x in parameters.n %}x{% endfor %}{% for x in parameters.u %}y"
        + "{% endfor %}{% for k in {a: 1} %}z{% endfor %}{% for ch in 'ab' %}${{ ch }}{% endfor %}",
        c)).isEqualTo("ab");
    assertThat(r.render("${{ '3' == 3 }} ${{ 0 == '' }} ${{ 'a' != 'b' }}", c))
        .isEqualTo("true true true");
  }

  @Test
  void inOperatorAsNunjucksHasIt() {
    assertThat(r.render("${{ 'a' in parameters.tags }}", params)).isEqualTo("true");
    assertThat(r.render("${{ 'z' in parameters.tags }}", params)).isEqualTo("false");
    assertThat(r.render("${{ 'x' in parameters.obj }}", params)).isEqualTo("true");
    assertThat(r.render("${{ 'em' in parameters.name }}", params)).isEqualTo("true");
    assertThat(r.render("${{ not 'z' in parameters.tags }}", params)).isEqualTo("true");
    assertThat(r.render("{% if 'b' in parameters.tags and parameters.on %}yes{% endif %}", params))
        .isEqualTo("yes");
    assertThat(r.render("${{ ('a' in parameters.tags) | string }}", params)).isEqualTo("true");
    assertThat(r.render("{% for t in parameters.tags %}${{ t }}{% endfor %}", params))
        .isEqualTo("ab");
    assertThat(r.render("${{ 'in' }}${{ parameters.name if 'a' in ['a'] else 'no' }}", params))
        .isEqualTo("indemo");
  }

  @Test
  void nunjucksFilters() {
    assertThat(r.render("${{ parameters.name | upper }}", params)).isEqualTo("DEMO");
    assertThat(r.render("${{ 'Hello World' | lower }}", params)).isEqualTo("hello world");
    assertThat(r.render("${{ 'a-b-c' | replace('-', '_') }}", params)).isEqualTo("a_b_c");
    assertThat(r.render("${{ parameters.missing | default('dflt') }}", params)).isEqualTo("dflt");
    assertThat(r.render("${{ parameters.missing | d('dflt') }}", params)).isEqualTo("dflt");
    assertThat(r.render("${{ parameters.tags | join('+') }}", params)).isEqualTo("a+b");
    assertThat(r.render("${{ parameters.tags | length }}", params)).isEqualTo("2");
    assertThat(r.render("${{ parameters.tags | first }}${{ parameters.tags | last }}", params))
        .isEqualTo("ab");
    assertThat(r.render("${{ '  x  ' | trim }}", params)).isEqualTo("x");
    assertThat(r.render("${{ 'hello there' | capitalize }}", params)).isEqualTo("Hello there");
    assertThat(r.render("${{ 'hello there' | title }}", params)).isEqualTo("Hello There");
    assertThat(r.render("${{ '42' | int + 1 }}", params)).isEqualTo("43");
    assertThat(r.render("${{ parameters.count | string }}", params)).isEqualTo("3");
    assertThat(r.render("${{ parameters.obj | dump }}", params)).isEqualTo("{\"x\":1}");
    assertThat(r.render("${{ parameters.name | dump }}", params)).isEqualTo("\"demo\"");
    assertThat(r.render("${{ parameters.obj | dump(2) }}", params)).isEqualTo("{\n  \"x\": 1\n}");
    assertThat(r.render("${{ range(3) | join(',') }}", params)).isEqualTo("0,1,2");
  }

  @Test
  void backstageFilters() {
    assertThat(r.renderValue(Json.parse("\"${{ parameters.repoUrl | parseRepoUrl }}\""), params))
        .isEqualTo(Json.parse("{\"host\":\"github.com\",\"owner\":\"acme\",\"repo\":\"web\"}"));
    assertThat(r.render("${{ parameters.repoUrl | projectSlug }}", params)).isEqualTo("acme/web");
    assertThat(r.render("${{ parameters.repoUrl | parseRepoUrl | pick('owner') }}", params))
        .isEqualTo("acme");
    assertThat(r.render("${{ ('group:team-a' | parseEntityRef).name }}", params))
        .isEqualTo("team-a");
    assertThat(r.renderValue(Json.parse(
        "\"${{ 'team-a' | parseEntityRef({ defaultKind: 'group', defaultNamespace: 'ops' }) }}\""),
        params)).isEqualTo(Json.parse("{\"kind\":\"group\",\"namespace\":\"ops\",\"name\":\"team-a\"}"));
    assertThatThrownBy(() -> r.render("${{ 'team-a' | parseEntityRef }}", params))
        .isInstanceOf(RenderException.class).hasMessageContaining("missing or empty kind");
    assertThatThrownBy(() -> r.render("${{ 'github.com?repo=x' | parseRepoUrl }}", params))
        .isInstanceOf(RenderException.class).hasMessageContaining("missing owner");
  }

  @Test
  void hostFiltersAndGlobals() {
    TemplateRenderer custom = TemplateRenderer.builder()
        .filter("shout", (in, args) -> Json.nodes().stringNode(in.asString() + "!"))
        .function("greet", args -> Json.nodes().stringNode("hi " + args.get(0).asString()))
        .global("company", Json.nodes().stringNode("ACME"))
        .build();
    assertThat(custom.render("${{ parameters.name | shout }} ${{ greet('bob') }} ${{ company }}",
        params)).isEqualTo("demo! hi bob ACME");
  }

  @Test
  void builtinFiltersAreListed() {
    assertThat(TemplateRenderer.builtinFilters())
        .contains("parseRepoUrl", "parseEntityRef", "pick", "projectSlug", "dump", "default",
            "replace", "join")
        .noneMatch(n -> n.startsWith("__"));
  }

  @Test
  void cookiecutterCompatibility() {
    String out = r.renderFile("f", "{{ cookiecutter.name }} {{ cookiecutter.obj | jsonify }}"
        + "{% if cookiecutter.on == True %} yes{% endif %} ${{ kept }}",
        Json.parse("{\"name\":\"n\",\"obj\":{\"a\":1},\"on\":true}"),
        new TemplateRenderer.Options(true, false, false));
    assertThat(out).isEqualTo("n {\"a\":1} yes $");
  }

  @Test
  void trimAndLstripBlocks() {
    String src = "a\n    {% if values.x %}\nb\n    {% endif %}\nc";
    assertThat(r.renderFile("f", src, Json.parse("{\"x\":1}"),
        new TemplateRenderer.Options(false, true, true))).isEqualTo("a\nb\nc");
  }
}
