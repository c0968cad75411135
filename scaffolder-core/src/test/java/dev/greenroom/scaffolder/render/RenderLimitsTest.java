package dev.greenroom.scaffolder.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.scaffolder.render.internal.NunjucksSource;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Security issue 18: a render has a deadline, a size cap every filter and operator respects, and
 * a work budget that counts what each loop iteration produces. Before, an exponential string
 * template ran for minutes on a request thread and {@code center} threw OutOfMemoryError.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RenderLimitsTest {
  private final TemplateRenderer r = TemplateRenderer.builder().build();
  private final JsonNode ctx = Json.parse("{\"parameters\": {\"name\": \"demo\"}}");

  @Test
  @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void exponentialStringTemplateFailsWithinSeconds() {
    // 4 Mi characters after 22 doublings, then 100,000 iterations that each copy them: hundreds
    // of gigabytes of copying under the old loop-iteration budget
    String t = "{% set s = 'x' %}{% for i in range(22) %}{% set s = s ~ s %}{% endfor %}"
        + "{% for i in range(10000) %}{% for j in range(10) %}{% set t = s ~ j %}{% endfor %}"
        + "{% endfor %}${{ t | length }}";
    long start = System.nanoTime();
    assertThatThrownBy(() -> r.render(t, ctx))
        .isInstanceOf(RenderLimitException.class)
        .hasMessageContaining("template string")
        .hasMessageContaining("limit");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void centerWithAHugeWidthFailsCleanly() {
    assertThatThrownBy(() -> r.render("${{ parameters.name | center(2000000000) }}", ctx))
        .isInstanceOf(RenderLimitException.class)
        .hasMessageContaining("center")
        .hasMessageContaining("limit is " + TemplateRenderer.DEFAULT_MAX_RENDERED_CHARS);
    // the engine still works
    assertThat(r.render("${{ parameters.name | center(8) }}", ctx)).isEqualTo("  demo  ");
  }

  @Test
  void aRenderPastItsDeadlineStops() {
    TemplateRenderer quick = TemplateRenderer.builder().renderTimeout(Duration.ofMillis(1)).build();
    assertThatThrownBy(() -> quick.render("{% for i in range(1000) %}{% for j in range(1000) %}"
        + "{% set x = parameters.name | upper %}{% endfor %}{% endfor %}", ctx))
        .isInstanceOf(RenderLimitException.class)
        .hasMessageContaining("took longer than the limit of 1 ms");
  }

  @Test
  void anInterruptedRenderStops() {
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> r.render("${{ parameters.name }}", ctx))
          .isInstanceOf(RenderLimitException.class)
          .hasMessageContaining("interrupted");
    } finally {
      Thread.interrupted();
    }
  }

  /** Every filter and operator that can make a value larger than its input checks the cap first. */
  @ParameterizedTest
  @ValueSource(strings = {
      "${{ 'x' | center(100000) }}",
      "${{ p.big | replace('', p.big) }}",
      "${{ p.big | replace('a', p.big) }}",
      "${{ p.lines | indent(1000, true) }}",
      "${{ [p.big, p.big, p.big] | join(p.big) }}",
      "${{ p.big ~ p.big ~ p.big }}",
      "${{ p.big + p.big + p.big }}",
      "${{ p.lt | escape }}",
      "${{ p.lt | urlencode }}",
      "${{ p.lines | nl2br }}",
      "{% set l = [p.big] %}{% for i in range(12) %}{% set l = [l, l] %}{% endfor %}${{ l }}",
      "{% set l = [p.big] %}{% for i in range(12) %}{% set l = [l, l] %}{% endfor %}"
          + "${{ l | join(',') | length }}",
      "{% set l = [p.big] %}{% for i in range(40) %}{% set l = [l, l] %}{% endfor %}"
          + "${{ l | dump | length }}",
      "{% set l = [p.big] %}{% for i in range(12) %}{% set l = [l, l] %}{% endfor %}"
          + "${{ l | dump(2) | length }}",
      "{% set l = [p.big] %}{% for i in range(40) %}{% set l = [l, l] %}{% endfor %}"
          + "${{ l | string | length }}",
      "{% set l = [1] %}{% for i in range(40) %}{% set l = [l, l] %}{% endfor %}"
          + "${{ (l + 'x') | length }}",
      "{% set a = [1] %}{% set b = [1] %}{% for i in range(40) %}{% set a = [a, a] %}"
          + "{% set b = [b, b] %}{% endfor %}${{ {k: a} in [{k: b}] }}",
      "{% set a = [1] %}{% for i in range(40) %}{% set a = [a, a] %}{% endfor %}"
          + "${{ a in 'abc' }}",
      "${{ [1] | batch(100000000, 0) | length }}",
      "${{ [1] | slice(100000000) | length }}",
      "{% for c in p.big %}{% for d in p.big %}{% for e in p.big %}{% endfor %}{% endfor %}"
          + "{% endfor %}",
  })
  void everyFilterAndOperatorRespectsTheSizeCap(String template) {
    TemplateRenderer small = TemplateRenderer.builder().maxRenderedChars(10_000)
        .maxRenderWork(10_000_000).build();
    ObjectNode p = Json.object();
    p.put("big", "a".repeat(5_000));
    p.put("lt", "<".repeat(5_000));
    p.put("lines", "a\n".repeat(2_500));
    ObjectNode c = Json.object();
    c.set("p", p);
    assertThatThrownBy(() -> small.render(template, c))
        .isInstanceOf(RenderLimitException.class)
        .hasMessageContaining("limit");
  }

  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aTemplateOfManyTagsIsRewrittenInLinearTime() {
    // every tag used to search the rest of the template for the two other kinds of tag: minutes
    // for this one. (Rendering it may take longer than the deadline on a slow machine, so the
    // rewrite alone is tried.)
    String many = "${{ 1 }}".repeat(400_000);
    String pebble = new NunjucksSource("${{", "}}", false, false, false).rewrite(many);
    assertThat(pebble).startsWith("${{").contains("| __out").endsWith("}}");
  }

  @Test
  void deeplyNestedExpressionsAreRefused() {
    String deep = "${{ " + "(".repeat(100_000) + "1" + ")".repeat(100_000) + " }}";
    assertThatThrownBy(() -> r.render(deep, ctx))
        .isInstanceOf(RenderException.class)
        .hasMessageContaining("nested more than");
    assertThat(r.render("${{ " + "(".repeat(50) + "1" + ")".repeat(50) + " }}", ctx))
        .isEqualTo("1");
  }

  @Test
  void pebbleFiltersThatNunjucksLacksAreNotThere() {
    assertThatThrownBy(() -> r.render("${{ [1] | merge([2]) }}", ctx))
        .isInstanceOf(RenderException.class);
    assertThatThrownBy(() -> r.render("${{ 'a,b' | split(',') }}", ctx))
        .isInstanceOf(RenderException.class);
  }

  @Test
  void roundWithAHugePrecisionAnswersQuickly() {
    assertThat(r.render("${{ 1.5 | round(1000000000) }}", ctx)).isEqualTo("1.5");
  }

  @Test
  void aLimitErrorInAStepValueNamesTheField() {
    JsonNode value = Json.parse("{\"values\": {\"title\": \"${{ parameters.name | center(2000000000) }}\"}}");
    assertThatThrownBy(() -> r.renderValue(value, ctx))
        .isInstanceOf(RenderLimitException.class)
        .hasMessageContaining("values.title")
        .hasMessageContaining("center");
    // the output of a template keeps failing strings as written, but not a render over its limits
    assertThatThrownBy(() -> r.renderValue(value, ctx, e -> {}))
        .isInstanceOf(RenderLimitException.class);
  }

  @Test
  void ordinaryTemplatesStillRender() {
    assertThat(r.render("{% for x in ['a', 'b'] %}${{ loop.index }}${{ x | upper }}{% endfor %}",
        ctx)).isEqualTo("1A2B");
    JsonNode text = Json.parse("{\"one\": \"a\\nb\", \"two\": \"a\\n\\nb\"}");
    assertThat(r.render("${{ one | indent(2, true) }}", text)).isEqualTo("  a\n  b");
    assertThat(r.render("${{ two | indent(2) }}", text)).isEqualTo("a\n\n  b");
    assertThat(r.render("${{ [[1, 2], [3]] }}", ctx)).isEqualTo("1,2,3");
    assertThat(r.render("${{ 'a b  c ' | wordcount }}", ctx)).isEqualTo("3");
    assertThat(r.render("${{ 'a' in ['a', 'b'] }} ${{ 'b' in 'abc' }} ${{ 'k' in {k: 1} }}"
        + " ${{ 3 in [1, 2] }} ${{ [1, 2] in [[1, 2]] }} ${{ 1 in [1.0] }}", ctx))
        .isEqualTo("true true true false false true");
    assertThat(r.render("{% set a = [1] %}{% set b = [1] %}{% for i in range(40) %}"
        + "{% set a = [a, a] %}{% set b = [b, b] %}{% endfor %}${{ a == b }}", ctx))
        .isEqualTo("false");
  }
}
