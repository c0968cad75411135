package dev.greenroom.scaffolder.render.internal;

import dev.greenroom.catalog.json.Json;
import java.util.Iterator;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * {@code JSON.stringify(value, null, indent)}: JavaScript's indentation and spacing, written into
 * a render's bounded text (deep nesting multiplies the indentation).
 */
final class PrettyJson {
  private PrettyJson() {}

  static String write(JsonNode node, int indent, RenderBudget.Text sb) {
    write(node, " ".repeat(Math.min(indent, 10)), "", sb);
    return sb.toString();
  }

  private static void write(JsonNode node, String step, String pad, RenderBudget.Text sb) {
    if (node.isObject()) {
      if (node.isEmpty()) {
        sb.append("{}");
        return;
      }
      sb.append("{\n");
      Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        sb.append(pad).append(step).append(Json.write(Json.nodes().stringNode(e.getKey())))
            .append(": ");
        write(e.getValue(), step, pad + step, sb);
        sb.append(it.hasNext() ? ",\n" : "\n");
      }
      sb.append(pad).append('}');
    } else if (node.isArray()) {
      if (node.isEmpty()) {
        sb.append("[]");
        return;
      }
      sb.append("[\n");
      for (int i = 0; i < node.size(); i++) {
        sb.append(pad).append(step);
        write(node.get(i), step, pad + step, sb);
        sb.append(i + 1 < node.size() ? ",\n" : "\n");
      }
      sb.append(pad).append(']');
    } else {
      sb.append(Json.write(node));
    }
  }
}
