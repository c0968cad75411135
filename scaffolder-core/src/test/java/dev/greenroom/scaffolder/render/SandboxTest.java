package dev.greenroom.scaffolder.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** A template cannot reach Java classes or methods, files, other templates or the environment. */
@org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class SandboxTest {
  private final TemplateRenderer r = TemplateRenderer.builder().build();
  private final JsonNode ctx = Json.parse(
      "{\"parameters\": {\"name\": \"demo\", \"list\": [1, 2], \"obj\": {\"a\": 1}}}");

  @ParameterizedTest
  @ValueSource(strings = {
      "${{ parameters.name.getClass() }}",
      "${{ parameters.name.getClass().forName('java.lang.Runtime') }}",
      "${{ parameters.name.class }}",
      "${{ parameters.name.class.forName('java.lang.Runtime').getRuntime().exec('id') }}",
      "${{ parameters.list.getClass().getClassLoader() }}",
      "${{ parameters.obj.getClass() }}",
      "${{ parameters.name.matches('d.*') }}",
      "${{ parameters.name.intern() }}",
      "${{ parameters.name.chars() }}",
      "${{ parameters.list.size() }}",
      "${{ parameters.list.stream() }}",
      "${{ parameters.obj.entrySet() }}",
      "${{ parameters.name.split(',').getClass() }}",
      "${{ parameters.name.getBytes() }}",
      "{% for x in parameters.list %}${{ loop.getClass() }}{% endfor %}",
      "${{ (parameters.name | upper).getClass() }}",
      "${{ range(3).getClass() }}",
  })
  void javaMethodsAndClassesAreRefused(String template) {
    // a call on a string, list or number that is not one of Backstage's JavaScript methods is
    // refused before the sandbox sees it, in Backstage's words
    assertThatThrownBy(() -> r.render(template, ctx))
        .isInstanceOf(RenderException.class)
        .hasMessageMatching("(?s).*(denied|resolved to undefined and cannot be called).*");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{% include '/etc/passwd' %}",
      "{% include 'skeleton/secret.txt' %}",
      "{% import 'macros.njk' as m %}",
      "{% from 'macros.njk' import x %}",
      "{% extends 'base.njk' %}",
      "{% embed 'x' %}{% endembed %}",
      "${{ i18n('messages', 'key') }}",
      "${{ 1..100000000 }}",
  })
  void includesImportsAndFileLoadingAreRefused(String template) {
    assertThatThrownBy(() -> r.render(template, ctx)).isInstanceOf(RenderException.class);
  }

  @Test
  void theEnvironmentIsNotVisible() {
    String home = System.getenv().getOrDefault("HOME", "/root");
    String out = r.render("[${{ env.HOME }}${{ process.env.HOME }}${{ environment.HOME }}"
        + "${{ System }}${{ _context.env }}${{ _self.name }}${{ _self }}]", ctx);
    assertThat(out).isEqualTo("[]").doesNotContain(home);
  }

  @Test
  void stringInterpolationIsOff() {
    assertThat(r.render("${{ \"#{ 1 + 1 }\" }}", ctx)).isEqualTo("#{ 1 + 1 }");
    assertThat(r.render("${{ \"it's \\\"quoted\\\"\" }}", ctx)).isEqualTo("it's \"quoted\"");
  }

  @Test
  void outputAndLoopsAreBounded() {
    TemplateRenderer small = TemplateRenderer.builder().maxRenderedChars(10_000).build();
    assertThatThrownBy(() -> small.render(
        "{% for i in range(10000) %}{% for j in range(10000) %}x{% endfor %}{% endfor %}", ctx))
        .isInstanceOf(RenderException.class);
    assertThatThrownBy(() -> r.render("${{ range(100000000) | length }}", ctx))
        .isInstanceOf(RenderException.class).hasMessageContaining("10000");
    // loops that print nothing are bounded too
    assertThatThrownBy(() -> r.render("{% for i in range(10000) %}{% for j in range(10000) %}"
        + "{% set x = j %}{% endfor %}{% endfor %}", ctx))
        .isInstanceOf(RenderException.class).hasMessageContaining("loop iterations");
    TemplateRenderer tiny = TemplateRenderer.builder().maxTemplateChars(100).build();
    assertThatThrownBy(() -> tiny.render("x".repeat(101) + "${{ 1 }}", ctx))
        .isInstanceOf(RenderException.class).hasMessageContaining("longer than 100");
  }

  @Test
  void runawayRecursionIsARenderError() {
    assertThatThrownBy(() -> r.render(
        "{% macro m(n) %}${{ m(n + 1) }}{% endmacro %}${{ m(0) }}", ctx))
        .isInstanceOf(RenderException.class);
    // and the engine still works afterwards
    assertThat(r.render("${{ 1 + 1 }}", ctx)).isEqualTo("2");
  }

  @Test
  void escapeAttemptsInSkeletonFilesFailTooInCookiecutterMode() {
    assertThatThrownBy(() -> r.renderFile("f", "{{ cookiecutter.name.getClass() }}",
        Json.parse("{\"name\":\"x\"}"), new TemplateRenderer.Options(true, false, false)))
        .isInstanceOf(RenderException.class);
    assertThatThrownBy(() -> r.renderFile("f", "{% include '/etc/hostname' %}",
        Json.object(), TemplateRenderer.Options.DEFAULT))
        .isInstanceOf(RenderException.class);
  }
}
