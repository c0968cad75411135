package dev.greenroom.scaffolder.render;

import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A filter templates pipe values through ({@code ${{ parameters.repoUrl | parseRepoUrl }}}),
 * Backstage's {@code createTemplateFilter}. Arguments and results are JSON values, as they are in
 * Backstage (where filters run across an isolate boundary); a host filter therefore never sees a
 * Java object of the engine.
 *
 * <p>Implementations must be thread-safe and side-effect free.
 */
@FunctionalInterface
public interface TemplateFilter {
  /**
   * Applies the filter.
   *
   * @param input the piped value; a JSON null node when undefined
   * @param args the arguments in parentheses, in order
   * @return the result; null (or a JSON null node) for "undefined"
   * @throws RuntimeException to fail the render; the message is shown to the template author
   */
  @Nullable JsonNode apply(JsonNode input, List<JsonNode> args);
}
