package dev.greenroom.scaffolder.render;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.scaffolder.render.internal.JsValues;
import dev.greenroom.scaffolder.render.internal.NunjucksSource;
import dev.greenroom.scaffolder.render.internal.PebbleSandbox;
import dev.greenroom.scaffolder.render.internal.RenderBudget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders Backstage's {@code ${{ }}} templates: Nunjucks syntax and semantics (autoescape off,
 * block tags {@code {% %}}, comments {@code {# #}}) on a sandboxed Pebble engine.
 *
 * <p>Design: template text is rewritten from Nunjucks to the Pebble dialect ({@code
 * internal.NunjucksSource}: operators, {@code if} truthiness, {@code for k, v}, {@code raw}, 1-based
 * {@code loop.index}) and evaluated by Pebble configured with {@code ${{}/{@code }}} print
 * delimiters, JavaScript operators and Nunjucks' filters ({@code internal.PebbleSandbox}). Values
 * in the context are plain JSON-like Java values, never host objects, and every Java method call
 * is refused, so a template can only compute with data.
 *
 * <p>Step values ({@link #renderValue}) follow Backstage's runner: only string leaves are
 * rendered; a string that is one whole expression keeps its JSON type (it is rendered as {@code
 * (expr) | dump} and parsed); a leaf that renders to {@code ""} is removed.
 *
 * <p>Limits: every render ({@link #render}, one whole {@link #renderValue}, one {@link
 * #renderFile}) has a deadline ({@link Builder#renderTimeout}, default 10 s), a cap on the size of
 * its output and of every string it builds ({@link Builder#maxRenderedChars}), a budget of work
 * counted in characters and elements produced ({@link Builder#maxRenderWork}) and of loop
 * iterations; it also stops when its thread is interrupted. Going over any of them fails the
 * render with a {@link RenderLimitException} that names the template and the limit.
 *
 * <p>Immutable and thread-safe; build once per host with {@link #builder()}.
 */
public final class TemplateRenderer {
  /** The largest template string or file accepted, in characters. */
  public static final int DEFAULT_MAX_TEMPLATE_CHARS = 5 * 1024 * 1024;

  /** How long one render may take by default. */
  public static final Duration DEFAULT_RENDER_TIMEOUT = Duration.ofSeconds(10);

  /** The default size cap of a render's output and of every string it builds, in characters. */
  public static final int DEFAULT_MAX_RENDERED_CHARS = 20 * 1024 * 1024;

  /** The default work budget of one render: characters (and elements) it may produce in all. */
  public static final long DEFAULT_MAX_RENDER_WORK = 100_000_000L;

  private final Map<String, TemplateFilter> filters;
  private final Map<String, TemplateFunction> functions;
  private final Map<String, JsonNode> globals;
  private final int maxRenderedChars;
  private final int maxTemplateChars;
  private final Duration renderTimeout;
  private final long maxRenderWork;
  private final PebbleSandbox dollar;
  private final PebbleSandbox cookiecutter;

  private TemplateRenderer(Builder b) {
    this.filters = Collections.unmodifiableMap(new LinkedHashMap<>(b.filters));
    this.functions = Collections.unmodifiableMap(new LinkedHashMap<>(b.functions));
    this.globals = Collections.unmodifiableMap(new LinkedHashMap<>(b.globals));
    this.maxRenderedChars = b.maxRenderedChars;
    this.maxTemplateChars = b.maxTemplateChars;
    this.renderTimeout = b.renderTimeout;
    this.maxRenderWork = b.maxRenderWork;
    this.dollar = new PebbleSandbox("${{", filters, functions, globals, maxRenderedChars, false);
    this.cookiecutter = new PebbleSandbox("{{", filters, functions, globals, maxRenderedChars, true);
  }

  /** A builder with Backstage's default filters. */
  public static Builder builder() {
    return new Builder();
  }

  /** The host filters added on the builder, by name. */
  public Map<String, TemplateFilter> hostFilters() {
    return filters;
  }

  /** The host functions added on the builder, by name. */
  public Map<String, TemplateFunction> hostFunctions() {
    return functions;
  }

  /** The host global values added on the builder, by name. */
  public Map<String, JsonNode> hostGlobals() {
    return globals;
  }

  /**
   * Names of every built-in filter (Nunjucks' and Backstage's), for listings such as {@code GET
   * /v2/templating-extensions}; host filters are in {@link #hostFilters()}.
   */
  public static Set<String> builtinFilters() {
    return dev.greenroom.scaffolder.render.internal.PebbleSandbox.builtinFilterNames();
  }

  /** Names of Backstage's own filters (always present). */
  public static Set<String> backstageFilters() {
    return new TreeSet<>(List.of("parseRepoUrl", "parseEntityRef", "pick", "projectSlug"));
  }

  /**
   * Renders a template string to text.
   *
   * @param template the template, e.g. {@code "v${{ parameters.n }}"}
   * @param context the variables (an object: {@code parameters}, {@code steps}, ...)
   * @throws RenderException when the template does not parse or fails
   */
  public String render(String template, JsonNode context) {
    return budgeted(() -> renderJava("template string", template, javaContext(context),
        Options.DEFAULT));
  }

  /** How long one render may take. */
  public Duration renderTimeout() {
    return renderTimeout;
  }

  private <T> T budgeted(java.util.function.Supplier<T> body) {
    return RenderBudget.within(renderTimeout, maxRenderedChars, maxRenderWork, body);
  }

  /**
   * Renders a value as Backstage renders step inputs, {@code if}, {@code each} and {@code output}:
   * string leaves rendered, whole-value expressions typed, empty results removed.
   *
   * @param value the unrendered value
   * @param context the variables
   * @return the rendered value, or null when the value itself rendered to {@code ""}
   * @throws RenderException when a string fails to render
   */
  public @Nullable JsonNode renderValue(JsonNode value, JsonNode context) {
    return renderValue(value, context, null);
  }

  /**
   * As {@link #renderValue(JsonNode, JsonNode)}; when {@code onError} is given, a string that
   * fails to render is kept as written and the error is passed to it (how Backstage renders a
   * template's {@code output}).
   */
  public @Nullable JsonNode renderValue(JsonNode value, JsonNode context,
      @Nullable Consumer<RenderException> onError) {
    return budgeted(() -> walk(value, "", javaContext(context), onError));
  }

  /**
   * Backstage's truthiness for a step's {@code if}: false for {@code false}, null, undefined,
   * {@code ""}, {@code 0} and {@code []}; true otherwise.
   */
  public static boolean isTruthy(@Nullable JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return false;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isNumber()) {
      return v.doubleValue() != 0;
    }
    if (v.isString()) {
      return !v.stringValue().isEmpty();
    }
    if (v.isArray()) {
      return !v.isEmpty();
    }
    return true;
  }

  /**
   * Renders a skeleton file (or a file path) for {@code fetch:template}.
   *
   * @param name the file's name for messages
   * @param content the file text
   * @param values the {@code values} input; visible as {@code values}, or as {@code cookiecutter}
   *     in cookiecutter mode
   * @param options delimiters and whitespace options
   */
  public String renderFile(String name, String content, JsonNode values, Options options) {
    Map<String, Object> ctx = new LinkedHashMap<>();
    ctx.put(options.cookiecutterCompat() ? "cookiecutter" : "values", JsValues.toJava(values));
    return budgeted(() -> renderJava(name, content, ctx, options));
  }

  /**
   * How a skeleton file is rendered.
   *
   * @param cookiecutterCompat {@code {{ }}} delimiters, {@code cookiecutter} context, Jinja's
   *     {@code True}/{@code False}/{@code None}, the {@code jsonify} filter
   * @param trimBlocks remove the first newline after a block tag
   * @param lstripBlocks strip spaces and tabs before a block tag at the start of a line
   */
  public record Options(boolean cookiecutterCompat, boolean trimBlocks, boolean lstripBlocks) {
    /** Backstage's defaults: {@code ${{ }}}, no trimming. */
    public static final Options DEFAULT = new Options(false, false, false);
  }

  private String renderJava(String name, String template, Map<String, Object> ctx, Options o) {
    if (template.length() > maxTemplateChars) {
      throw new RenderException(name + ": template longer than " + maxTemplateChars
          + " characters");
    }
    String open = o.cookiecutterCompat() ? "{{" : "${{";
    if (!template.contains(open) && !template.contains("{%") && !template.contains("{#")) {
      return template;
    }
    String pebble;
    try {
      pebble = new NunjucksSource(open, "}}", o.cookiecutterCompat(), o.trimBlocks(),
          o.lstripBlocks()).rewrite(template);
    } catch (RenderLimitException e) {
      throw new RenderLimitException(name + ": " + e.getMessage(), e);
    } catch (RenderException e) {
      throw new RenderException(name + ": " + e.getMessage(), e);
    } catch (StackOverflowError e) {
      throw new RenderException(name + ": expression nested too deeply");
    }
    return (o.cookiecutterCompat() ? cookiecutter : dollar).render(name, pebble, ctx);
  }

  private @Nullable JsonNode walk(JsonNode value, String path, Map<String, Object> ctx,
      @Nullable Consumer<RenderException> onError) {
    if (value.isString()) {
      try {
        return renderLeaf(path, value.stringValue(), ctx);
      } catch (RenderException e) {
        if (onError == null || e instanceof RenderLimitException) {
          throw e;
        }
        onError.accept(e);
        return value;
      }
    }
    if (value instanceof ObjectNode o) {
      ObjectNode out = Json.object();
      for (Map.Entry<String, JsonNode> e : o.properties()) {
        JsonNode r = walk(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(),
            ctx, onError);
        if (r != null) {
          out.set(e.getKey(), r);
        }
      }
      return out;
    }
    if (value instanceof ArrayNode a) {
      ArrayNode out = Json.nodes().arrayNode();
      int i = 0;
      for (JsonNode c : a) {
        JsonNode r = walk(c, path + "[" + i++ + "]", ctx, onError);
        // JavaScript keeps the hole as undefined, which JSON shows as null
        out.add(r == null ? Json.nodes().nullNode() : r);
      }
      return out;
    }
    return value.deepCopy();
  }

  private @Nullable JsonNode renderLeaf(String path, String s, Map<String, Object> ctx) {
    String name = (path.isEmpty() ? "" : path + ": ") + "expression " + abbreviate(s);
    String inner = singleExpression(s);
    if (inner != null) {
      String typed;
      try {
        typed = renderJava(name, "${{ (" + inner + ") | dump }}", ctx, Options.DEFAULT);
      } catch (RenderLimitException e) {
        throw e; // over a limit: rendering it again as text would only spend more
      } catch (RenderException e) {
        typed = null; // Backstage logs and falls back to rendering the string as text
      }
      if (typed != null) {
        if (typed.isEmpty()) {
          return null;
        }
        try {
          return Json.parse(typed);
        } catch (RuntimeException e) {
          // not JSON: render as text below
        }
      }
    }
    String text = renderJava(name, s, ctx, Options.DEFAULT);
    return text.isEmpty() ? null : Json.nodes().stringNode(text);
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }

  /** The inner expression when {@code s} is exactly one {@code ${{ ... }}}, else null. */
  static @Nullable String singleExpression(String s) {
    if (!s.startsWith("${{") || !s.endsWith("}}") || s.length() < 5) {
      return null;
    }
    int i = 3;
    while (i < s.length()) {
      char ch = s.charAt(i);
      if (ch == '"' || ch == '\'') {
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != ch) {
          if (s.charAt(j) == '\\') {
            j++;
          }
          j++;
        }
        i = j + 1;
        continue;
      }
      if (s.startsWith("}}", i)) {
        if (i != s.length() - 2) {
          return null;
        }
        String inner = s.substring(3, i);
        if (inner.startsWith("-")) {
          inner = inner.substring(1);
        }
        if (inner.endsWith("-")) {
          inner = inner.substring(0, inner.length() - 1);
        }
        return inner.isBlank() ? null : inner;
      }
      i++;
    }
    return null;
  }

  private static Map<String, Object> javaContext(JsonNode context) {
    Object v = JsValues.toJava(context);
    if (!(v instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException("context must be an object");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) m;
    return map;
  }

  /** Configures a {@link TemplateRenderer}. */
  public static final class Builder {
    private final Map<String, TemplateFilter> filters = new LinkedHashMap<>();
    private final Map<String, TemplateFunction> functions = new LinkedHashMap<>();
    private final Map<String, JsonNode> globals = new LinkedHashMap<>();
    private int maxRenderedChars = DEFAULT_MAX_RENDERED_CHARS;
    private int maxTemplateChars = DEFAULT_MAX_TEMPLATE_CHARS;
    private Duration renderTimeout = DEFAULT_RENDER_TIMEOUT;
    private long maxRenderWork = DEFAULT_MAX_RENDER_WORK;

    private Builder() {}

    /** Adds (or replaces) a filter. */
    public Builder filter(String name, TemplateFilter filter) {
      checkName(name);
      filters.put(name, filter);
      return this;
    }

    /** Adds a global function. */
    public Builder function(String name, TemplateFunction fn) {
      checkName(name);
      functions.put(name, fn);
      return this;
    }

    /** Adds a global value. */
    public Builder global(String name, JsonNode value) {
      checkName(name);
      globals.put(name, value.deepCopy());
      return this;
    }

    /**
     * The largest output of one render, and the largest string any expression, filter or
     * function of it may build, in characters (default 20 Mi).
     */
    public Builder maxRenderedChars(int chars) {
      if (chars < 1) {
        throw new IllegalArgumentException("maxRenderedChars must be positive");
      }
      this.maxRenderedChars = chars;
      return this;
    }

    /** The largest template string or file, in characters (default 5 MiB). */
    public Builder maxTemplateChars(int chars) {
      if (chars < 1) {
        throw new IllegalArgumentException("maxTemplateChars must be positive");
      }
      this.maxTemplateChars = chars;
      return this;
    }

    /**
     * How long one render may run (wall clock; default 10 s): a template's string, one step
     * value ({@code input}, {@code if}, {@code each}, {@code output}) or one skeleton file.
     */
    public Builder renderTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("renderTimeout must be positive");
      }
      this.renderTimeout = timeout;
      return this;
    }

    /**
     * The work one render may do, counted in characters produced by every expression, filter and
     * function (a collection element counts as 8); default 100 million. A loop that copies a
     * large string at each iteration runs out of it long before its iteration budget.
     */
    public Builder maxRenderWork(long units) {
      if (units < 1) {
        throw new IllegalArgumentException("maxRenderWork must be positive");
      }
      this.maxRenderWork = units;
      return this;
    }

    /** Adds every filter, function and global of another list. */
    public Builder addAll(Map<String, TemplateFilter> filters,
        Map<String, TemplateFunction> functions, Map<String, JsonNode> globals) {
      filters.forEach(this::filter);
      functions.forEach(this::function);
      globals.forEach(this::global);
      return this;
    }

    private static void checkName(String name) {
      if (!name.matches("[A-Za-z_][A-Za-z0-9_]*") || name.startsWith("__")) {
        throw new IllegalArgumentException("not a valid filter or global name: " + name);
      }
    }

    /** The renderer. */
    public TemplateRenderer build() {
      return new TemplateRenderer(this);
    }
  }

  @Override
  public String toString() {
    return "TemplateRenderer" + new ArrayList<>(filters.keySet());
  }
}
