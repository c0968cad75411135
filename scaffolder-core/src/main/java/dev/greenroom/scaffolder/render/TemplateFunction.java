package dev.greenroom.scaffolder.render;

import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A global function templates call ({@code ${{ myGlobal('x') }}}), Backstage's {@code
 * createTemplateGlobal} with {@code fn}. Arguments and result are JSON values. Must be thread-safe.
 */
@FunctionalInterface
public interface TemplateFunction {
  /**
   * Calls the function.
   *
   * @param args the arguments, in order
   * @return the result; null for "undefined"
   */
  @Nullable JsonNode call(List<JsonNode> args);
}
