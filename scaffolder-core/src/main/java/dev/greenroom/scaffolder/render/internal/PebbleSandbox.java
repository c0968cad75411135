package dev.greenroom.scaffolder.render.internal;

import dev.greenroom.scaffolder.render.RenderException;
import dev.greenroom.scaffolder.render.RenderLimitException;
import dev.greenroom.scaffolder.render.TemplateFilter;
import dev.greenroom.scaffolder.render.TemplateFunction;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.attributes.AttributeResolver;
import io.pebbletemplates.pebble.attributes.ResolvedAttribute;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.extension.Function;
import io.pebbletemplates.pebble.extension.Test;
import io.pebbletemplates.pebble.extension.core.DisallowExtensionCustomizerBuilder;
import io.pebbletemplates.pebble.lexer.Syntax;
import io.pebbletemplates.pebble.loader.Loader;
import io.pebbletemplates.pebble.operator.BinaryOperator;
import io.pebbletemplates.pebble.operator.UnaryOperator;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.io.Reader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One configured, sandboxed Pebble engine.
 *
 * <p>Sandbox: every Java method is refused ({@code methodAccessValidator} allows only the getters of
 * Pebble's own {@code loop} variable), so
 * {@code x.getClass()}, {@code x.class} and the like fail; the template context only ever holds
 * maps, lists, strings, numbers and booleans; the loader refuses every name and the tags that
 * load other templates ({@code include}, {@code import}, {@code from}, {@code extends}, {@code
 * embed}, {@code block}) are removed, as are {@code parallel}, {@code cache}, {@code i18n} and the
 * {@code ..} range operator; string interpolation ({@code "#{..}"}) cannot happen because every
 * string literal reaches Pebble single-quoted ({@link NunjucksSource}); output size is capped, and
 * every value a template builds is charged to the render's {@link RenderBudget} (deadline, size
 * cap, work); Pebble's own filters that Nunjucks lacks are removed.
 * There is no way to name the environment or the file system.
 */
public final class PebbleSandbox {
  private static final List<String> DISALLOWED_TAGS = List.of(
      "include", "import", "from", "extends", "embed", "block", "parallel", "cache", "flush");
  private static final List<String> DISALLOWED_FUNCTIONS = List.of("i18n", "block", "parent");
  /**
   * Pebble's own filters that Nunjucks lacks: not part of the template language, and not written
   * against the render budget ({@code merge} doubles a list at each call).
   */
  private static final List<String> DISALLOWED_FILTERS = List.of("abbreviate", "base64decode",
      "base64encode", "date", "merge", "numberformat", "rsort", "sha256", "split", "raw");

  /** The one Java type whose getters templates may call: Pebble's {@code loop} variable. */
  private static final String LOOP_VARIABLES = "io.pebbletemplates.pebble.node.ForNode$LoopVariables";

  /** Most loop iterations one render may run (all loops together, nested ones multiplied). */
  public static final long MAX_LOOP_ITERATIONS = RenderBudget.MAX_LOOP_ITERATIONS;

  /** The global that the {@code null} literal becomes ({@link NunjucksSource}): JSON null. */
  static final String NULL_NAME = "__null";

  private final PebbleEngine engine;
  /** Host globals, converted for each render: a template may change an array it is given. */
  private final Map<String, JsonNode> globals;

  /** The names of the built-in filters templates may use (internal helpers left out). */
  public static java.util.Set<String> builtinFilterNames() {
    java.util.Set<String> names = new java.util.TreeSet<>();
    NunjucksFilters.all().keySet().stream().filter(n -> !n.startsWith("__")).forEach(names::add);
    names.addAll(BackstageFilters.all().keySet());
    return java.util.Collections.unmodifiableSet(names);
  }

  /**
   * @param printOpen <code>${&#123;</code> or <code>&#123;&#123;</code>
   * @param extraFilters host filters (JSON in, JSON out), overriding built-ins of the same name
   * @param functions host global functions
   * @param globals host global values
   * @param maxRenderedChars the largest output of one render
   * @param cookiecutter whether {@code jsonify} is added (cookiecutter compatibility)
   */
  public PebbleSandbox(String printOpen, Map<String, TemplateFilter> extraFilters,
      Map<String, TemplateFunction> functions, Map<String, JsonNode> globals, int maxRenderedChars,
      boolean cookiecutter) {
    Map<String, Filter> filters = new LinkedHashMap<>();
    filters.putAll(NunjucksFilters.all());
    filters.putAll(BackstageFilters.all());
    if (cookiecutter) {
      filters.put("jsonify", filters.get("dump"));
    }
    for (Map.Entry<String, TemplateFilter> e : extraFilters.entrySet()) {
      filters.put(e.getKey(), hostFilter(e.getKey(), e.getValue()));
    }
    Map<String, Function> fns = new LinkedHashMap<>();
    fns.put("range", new RangeFunction());
    for (Map.Entry<String, TemplateFunction> e : functions.entrySet()) {
      fns.put(e.getKey(), hostFunction(e.getKey(), e.getValue()));
    }
    this.globals = Map.copyOf(globals);
    Map<String, Test> tests = new LinkedHashMap<>();
    tests.put("__truthy", test((v, a) -> JsValues.truthy(v)));
    tests.put("truthy", test((v, a) -> JsValues.truthy(v)));
    tests.put("falsy", test((v, a) -> !JsValues.truthy(v)));
    tests.put("undefined", test((v, a) -> v == null));
    tests.put("null", test((v, a) -> v == JsNull.INSTANCE));
    tests.put("defined", test((v, a) -> v != null));
    tests.put("string", test((v, a) -> v instanceof String));
    tests.put("number", test((v, a) -> v instanceof Number));
    tests.put("mapping", test((v, a) -> v instanceof Map));
    AbstractExtension ext = new AbstractExtension() {
      @Override
      public Map<String, Filter> getFilters() {
        return filters;
      }

      @Override
      public Map<String, Function> getFunctions() {
        return fns;
      }

      @Override
      public Map<String, Test> getTests() {
        return tests;
      }

      @Override
      public Map<String, Object> getGlobalVariables() {
        return Map.of(NULL_NAME, JsNull.INSTANCE);
      }

      @Override
      public List<BinaryOperator> getBinaryOperators() {
        return JsOperators.binary();
      }

      @Override
      public List<UnaryOperator> getUnaryOperators() {
        return JsOperators.unary();
      }

      @Override
      public List<AttributeResolver> getAttributeResolver() {
        return List.of(new LengthResolver(), new JsMethods());
      }
    };
    Syntax.Builder syntax = new Syntax.Builder()
        .setPrintOpenDelimiter(printOpen)
        .setPrintCloseDelimiter("}}")
        .setEnableNewLineTrimming(false);
    this.engine = new PebbleEngine.Builder()
        .loader(new RefusingLoader())
        .syntax(syntax.build())
        .autoEscaping(false)
        .strictVariables(false)
        .newLineTrimming(false)
        .cacheActive(false)
        .allowOverrideCoreOperators(true)
        .methodAccessValidator((object, method) -> LOOP_VARIABLES.equals(method.getDeclaringClass().getName()))
        .maxRenderedSize(maxRenderedChars)
        .registerExtensionCustomizer(new DisallowExtensionCustomizerBuilder()
            .disallowedTokenParserTags(DISALLOWED_TAGS)
            .disallowedFunctionKeys(DISALLOWED_FUNCTIONS)
            .disallowedFilterKeys(DISALLOWED_FILTERS)
            .disallowedBinaryOperatorSymbols(List.of(".."))
            .build())
        .extension(ext)
        .build();
  }

  /**
   * Renders Pebble source (already rewritten by {@link NunjucksSource}) within the budget running
   * on this thread ({@link RenderBudget#within}); the loop iterations are counted per call.
   *
   * @param name the template's name for messages
   * @throws RenderLimitException naming {@code name} when a limit of the budget is reached
   */
  public String render(String name, String pebbleSource, Map<String, Object> context) {
    RenderBudget budget = RenderBudget.current();
    long outer = budget.iterations();
    budget.iterations(0);
    Object outerChanges = JsMethods.beginRender();
    try {
      budget.checkTime();
      PebbleTemplate t = engine.getLiteralTemplate(pebbleSource);
      StringWriter w = new StringWriter();
      Map<String, Object> scope = context;
      if (!globals.isEmpty()) {
        scope = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : globals.entrySet()) {
          scope.put(e.getKey(), JsValues.toJava(e.getValue())); // the context's names win
        }
        scope.putAll(context);
      }
      t.evaluate(w, scope);
      return w.toString();
    } catch (PebbleException e) {
      RenderLimitException limit = limitCause(e);
      if (limit != null) {
        throw new RenderLimitException(name + ": " + limit.getMessage(), e);
      }
      String msg = e.getPebbleMessage() == null ? e.getMessage() : e.getPebbleMessage();
      throw new RenderException(name + ": " + msg
          + (e.getLineNumber() == null ? "" : " (line " + e.getLineNumber() + ")"), e);
    } catch (java.io.IOException e) {
      throw new RenderException(name + ": " + e.getMessage(), e);
    } catch (StackOverflowError e) {
      // a macro calling itself without end: the template's fault, not the host's
      throw new RenderException(name + ": recursion too deep (a macro that calls itself?)");
    } catch (OutOfMemoryError e) {
      // a last resort: every value a template builds is checked against the budget before it is
      // allocated, and what it built is garbage once this frame is left
      throw new RenderLimitException(name + ": the template ran out of memory");
    } catch (RuntimeException e) {
      RenderLimitException limit = limitCause(e);
      if (limit != null) {
        throw new RenderLimitException(name + ": " + limit.getMessage(), e);
      }
      if (e instanceof RenderException) {
        throw e;
      }
      String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new RenderException(name + ": " + msg, e);
    } finally {
      JsMethods.endRender(outerChanges); // arrays the template changed are put back
      budget.iterations(outer);
    }
  }

  private static @Nullable RenderLimitException limitCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof RenderLimitException r) {
        return r;
      }
    }
    return null;
  }

  private static Filter hostFilter(String name, TemplateFilter f) {
    return new JsFilter(name) {
      @Override
      @Nullable Object apply(@Nullable Object input, List<@Nullable Object> args) {
        List<JsonNode> a = new ArrayList<>(args.size());
        for (Object x : args) {
          a.add(JsValues.toJson(x));
        }
        return JsValues.toJava(f.apply(JsValues.toJson(input), a));
      }
    };
  }

  private static Function hostFunction(String name, TemplateFunction fn) {
    return new Function() {
      @Override
      public @Nullable List<String> getArgumentNames() {
        return null;
      }

      @Override
      public @Nullable Object execute(Map<String, Object> args, PebbleTemplate self,
          EvaluationContext context, int lineNumber) {
        List<JsonNode> a = new ArrayList<>();
        for (Object x : JsFilter.positional(args)) {
          a.add(JsValues.toJson(x));
        }
        try {
          return RenderBudget.current().result(JsValues.toJava(fn.call(a)), name + "() result");
        } catch (RenderLimitException e) {
          throw e;
        } catch (RuntimeException e) {
          throw new PebbleException(e, name + "(): " + e.getMessage(), lineNumber, self.getName());
        }
      }
    };
  }

  private interface TestFn {
    boolean test(@Nullable Object v, List<@Nullable Object> args);
  }

  private static Test test(TestFn fn) {
    return new Test() {
      @Override
      public @Nullable List<String> getArgumentNames() {
        return null;
      }

      @Override
      public boolean apply(@Nullable Object input, Map<String, Object> args, PebbleTemplate self,
          EvaluationContext context, int lineNumber) {
        return fn.test(input, JsFilter.positional(args));
      }
    };
  }

  /** Nunjucks' {@code range(start, stop, step)}: stop excluded; at most 10,000 items. */
  private static final class RangeFunction implements Function {
    @Override
    public @Nullable List<String> getArgumentNames() {
      return null;
    }

    @Override
    public Object execute(Map<String, Object> args, PebbleTemplate self, EvaluationContext context,
        int lineNumber) {
      List<@Nullable Object> a = JsFilter.positional(args);
      long start = 0;
      long stop;
      long step = 1;
      if (a.size() == 1) {
        stop = num(a.get(0));
      } else {
        start = num(JsFilter.arg(a, 0));
        stop = num(JsFilter.arg(a, 1));
        if (a.size() > 2) {
          step = num(a.get(2));
        }
      }
      if (step == 0) {
        throw new PebbleException(null, "range(): step must not be 0", lineNumber, self.getName());
      }
      List<Long> out = new ArrayList<>();
      RenderBudget budget = RenderBudget.current();
      for (long i = start; step > 0 ? i < stop : i > stop; i += step) {
        if (out.size() >= 10_000) {
          throw new PebbleException(null, "range(): more than 10000 items", lineNumber,
              self.getName());
        }
        out.add(i);
      }
      budget.charge((long) out.size() * RenderBudget.ELEMENT_COST);
      return out;
    }

    private static long num(@Nullable Object o) {
      Double d = JsValues.toNumber(o);
      return d == null ? 0 : d.longValue();
    }
  }

  /** {@code .length} of strings and arrays, as JavaScript has it; nothing on null. */
  private static final class LengthResolver implements AttributeResolver {
    @Override
    public @Nullable ResolvedAttribute resolve(Object instance, Object attributeNameValue,
        Object[] argumentValues, io.pebbletemplates.pebble.node.ArgumentsNode args,
        io.pebbletemplates.pebble.template.EvaluationContextImpl context, String filename,
        int lineNumber) {
      if (instance == JsNull.INSTANCE && argumentValues == null) {
        return new ResolvedAttribute(null); // null.x is undefined, as Nunjucks' memberLookup has it
      }
      if (argumentValues == null && "length".equals(attributeNameValue)) {
        if (instance instanceof String s) {
          return new ResolvedAttribute((long) s.length());
        }
        if (instance instanceof Collection<?> c) {
          return new ResolvedAttribute((long) c.size());
        }
      }
      return null;
    }
  }

  /** Refuses every template name: templates cannot load files or other templates. */
  private static final class RefusingLoader implements Loader<String> {
    @Override
    public Reader getReader(String cacheKey) {
      throw new io.pebbletemplates.pebble.error.LoaderException(null,
          "loading templates is not allowed: " + cacheKey);
    }

    @Override
    public void setCharset(String charset) {}

    @Override
    public void setPrefix(String prefix) {}

    @Override
    public void setSuffix(String suffix) {}

    @Override
    public String resolveRelativePath(String relativePath, String anchorPath) {
      return relativePath;
    }

    @Override
    public String createCacheKey(String templateName) {
      return templateName;
    }

    @Override
    public boolean resourceExists(String templateName) {
      return false;
    }
  }
}
