package dev.greenroom.scaffolder.render.internal;

import dev.greenroom.scaffolder.render.RenderLimitException;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A Pebble filter taking positional arguments, as Nunjucks filters do; its result is charged to
 * the running render's {@link RenderBudget}.
 */
abstract class JsFilter implements Filter {
  private final String name;

  JsFilter(String name) {
    this.name = name;
  }

  String name() {
    return name;
  }

  @Override
  public @Nullable List<String> getArgumentNames() {
    return null; // positional: Pebble passes them as "0", "1", ...
  }

  @Override
  public @Nullable Object apply(@Nullable Object input, Map<String, Object> args,
      PebbleTemplate self, EvaluationContext context, int lineNumber) {
    try {
      // every filter's result counts against the render's size cap and work budget
      return RenderBudget.current().result(apply(input, positional(args)), "filter " + name
          + " result");
    } catch (PebbleException | RenderLimitException e) {
      throw e;
    } catch (RuntimeException e) {
      String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new PebbleException(e, "filter " + name + ": " + msg, lineNumber, self.getName());
    }
  }

  static List<@Nullable Object> positional(Map<String, Object> args) {
    List<@Nullable Object> out = new ArrayList<>();
    for (int i = 0; args.containsKey(String.valueOf(i)); i++) {
      out.add(args.get(String.valueOf(i)));
    }
    return out;
  }

  static @Nullable Object arg(List<@Nullable Object> args, int i) {
    return i < args.size() ? args.get(i) : null;
  }

  abstract @Nullable Object apply(@Nullable Object input, List<@Nullable Object> args);
}
