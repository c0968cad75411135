package dev.greenroom.scaffolder.template;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One step of a template, as written (nothing rendered yet).
 *
 * @param id the step id; {@code step-<n>} (1-based) when the template gives none
 * @param name the display name; the action id when the template gives none
 * @param action the action id, e.g. {@code fetch:template}
 * @param input the unrendered input object (empty when absent)
 * @param condition the {@code if} value (string template or boolean), or null when absent
 * @param each the {@code each} value (string template, array or object), or null when absent
 * @param raw the step object as written, with unknown keys kept
 */
public record TemplateStep(
    String id,
    String name,
    String action,
    ObjectNode input,
    @Nullable JsonNode condition,
    @Nullable JsonNode each,
    ObjectNode raw) {
  public TemplateStep {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(raw, "raw");
  }
}
