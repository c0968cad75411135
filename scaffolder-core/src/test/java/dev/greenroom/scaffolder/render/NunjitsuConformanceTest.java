package dev.greenroom.scaffolder.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

/**
 * The JavaScript methods of expressions, checked against what Backstage 1.56's engine (nunjitsu
 * 0.7.0 on Node) renders for the same templates. {@code conformance/jsmethods/cases.json} holds a
 * context and the templates; {@code expected.json} holds nunjitsu's output or error for each,
 * written once by {@code generate.mjs} next to them (see its header). This test only reads the
 * committed files: it never needs Node.
 *
 * <p>Errors compare by nunjitsu's message; where nunjitsu names the whole lookup path ({@code
 * Template value "parameters.x.trim" resolved to undefined...}) Greenroom names the method ({@code
 * "trim"}), as Pebble does not hand the path to the method resolver.
 */
class NunjitsuConformanceTest {
  private static final String DIR = "/conformance/jsmethods/";
  private static final Pattern UNDEFINED_CALL =
      Pattern.compile("Template (?:value \"(?:[^\"]*\\.)?([^\".]+)\"|expression) "
          + "resolved to undefined and cannot be called");

  /**
   * Templates Greenroom does not render as nunjitsu does yet, with the reason. Each is checked to
   * still differ, so a fix shows up as a failure asking to remove it from here.
   */
  private static final Map<String, String> KNOWN_GAPS = Map.of();

  private final TemplateRenderer renderer = TemplateRenderer.builder().build();

  @TestFactory
  Stream<DynamicTest> rendersAsNunjitsuDoes() {
    JsonNode context = read("cases.json").get("context");
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : read("expected.json").get("results")) {
      String template = c.get("template").stringValue();
      tests.add(DynamicTest.dynamicTest(template, () -> check(template, c, context)));
    }
    return tests.stream();
  }

  @Test
  void theTableCoversEveryAllowedMethodAndIsLargeEnough() {
    JsonNode results = read("expected.json").get("results");
    assertThat(results.size()).isGreaterThanOrEqualTo(100);
    assertThat(read("expected.json").get("engine").stringValue()).isEqualTo("nunjitsu 0.7.0");
    StringBuilder all = new StringBuilder();
    results.forEach(r -> all.append(r.get("template").stringValue()).append('\n'));
    for (String m : List.of("at", "concat", "copyWithin", "fill", "flat", "includes", "indexOf",
        "join", "lastIndexOf", "pop", "push", "reverse", "shift", "slice", "sort", "splice",
        "unshift", "toExponential", "toFixed", "toPrecision", "toString")) {
      assertThat(all).as(m).contains("." + m + "(");
    }
  }

  private void check(String template, JsonNode expected, JsonNode context) {
    String gap = KNOWN_GAPS.get(template);
    if (gap != null) {
      assertThatThrownBy(() -> conforms(template, expected, context))
          .as("a known gap now conforms: remove it from KNOWN_GAPS (%s)", gap)
          .isInstanceOfAny(AssertionError.class, RenderException.class);
      return;
    }
    conforms(template, expected, context);
  }

  private void conforms(String template, JsonNode expected, JsonNode context) {
    if (expected.has("output")) {
      assertThat(renderer.render(template, context)).isEqualTo(expected.get("output").stringValue());
      return;
    }
    String error = expected.get("error").stringValue();
    Matcher undefinedCall = UNDEFINED_CALL.matcher(error);
    if (undefinedCall.matches()) {
      String method = undefinedCall.group(1) != null ? undefinedCall.group(1) : calledName(template);
      assertThatThrownBy(() -> renderer.render(template, context))
          .isInstanceOf(RenderException.class)
          .hasMessageContaining("Template value \"" + method
              + "\" resolved to undefined and cannot be called");
    } else {
      assertThatThrownBy(() -> renderer.render(template, context))
          .isInstanceOf(RenderException.class)
          .hasMessageContaining(error);
    }
  }

  /** The last method name called in a template ({@code (1).valueOf()} gives {@code valueOf}). */
  private static String calledName(String template) {
    Matcher m = Pattern.compile("\\.(\\w+)\\(").matcher(template);
    String last = null;
    while (m.find()) {
      last = m.group(1);
    }
    return last;
  }

  private static JsonNode read(String name) {
    try (InputStream in = NunjitsuConformanceTest.class.getResourceAsStream(DIR + name)) {
      return Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
