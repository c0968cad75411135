package dev.greenroom.cli.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Backstage's config transforms (config-loader {@code transform/substitution.ts} and {@code
 * transform/include.ts}), applied to one file's tree before files are merged.
 *
 * <ul>
 *   <li>{@code ${VAR}} in any string value is replaced by the environment variable; {@code
 *       ${VAR:-fallback}} uses the fallback when the variable is unset or empty; {@code $${}
 *       escapes a literal {@code ${}. When a variable is unset, the whole value is dropped (the
 *       key is then absent), as in Backstage.
 *   <li>{@code {$env: VAR}} is the variable's value (dropped when unset); {@code {$file: path}} is
 *       the text of a file relative to the config file's folder.
 * </ul>
 */
final class Transforms {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$?\\$\\{[^{}]*}");

  private final Function<String, @Nullable String> env;
  private final Path baseDir;
  private final String file;

  Transforms(Function<String, @Nullable String> env, Path baseDir, String file) {
    this.env = env;
    this.baseDir = baseDir;
    this.file = file;
  }

  /** The transformed tree; null when the value is dropped. */
  @Nullable JsonNode apply(JsonNode node, String path) {
    if (node.isString()) {
      String s = substitute(node.stringValue());
      return s == null ? null : JsonNodeFactory.instance.stringNode(s);
    }
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      for (int i = 0; i < node.size(); i++) {
        JsonNode v = apply(node.get(i), path + "[" + i + "]");
        if (v != null) {
          out.add(v);
        }
      }
      return out;
    }
    if (node.isObject()) {
      if (node.size() == 1) {
        String key = node.propertyNames().iterator().next();
        if (key.equals("$env")) {
          return directiveEnv(node.get(key), path);
        }
        if (key.equals("$file")) {
          return directiveFile(node.get(key), path);
        }
      }
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        JsonNode v = apply(e.getValue(), AppConfig.join(path, e.getKey()));
        if (v != null) {
          out.set(e.getKey(), v);
        }
      }
      return out;
    }
    return node;
  }

  /** Backstage's substitution of one string; null when a variable is unset. */
  @Nullable String substitute(String input) {
    Matcher m = PLACEHOLDER.matcher(input);
    StringBuilder out = new StringBuilder();
    int last = 0;
    boolean undefined = false;
    while (m.find()) {
      out.append(input, last, m.start());
      last = m.end();
      String part = m.group();
      if (part.startsWith("$$")) {
        out.append(part, 1, part.length());
        continue;
      }
      String inner = part.substring(2, part.length() - 1);
      int fallback = inner.indexOf(":-");
      String value = env.apply((fallback >= 0 ? inner.substring(0, fallback) : inner).trim());
      if (fallback >= 0 && (value == null || value.isEmpty())) {
        value = inner.substring(fallback + 2);
      }
      if (value == null) {
        undefined = true;
      } else {
        out.append(value);
      }
    }
    out.append(input, last, input.length());
    return undefined ? null : out.toString();
  }

  private @Nullable JsonNode directiveEnv(JsonNode name, String path) {
    if (!name.isString()) {
      throw new ConfigException("Invalid config in '" + file + "': " + path
          + ".$env must be the name of an environment variable");
    }
    String value = env.apply(name.stringValue());
    return value == null ? null : JsonNodeFactory.instance.stringNode(value);
  }

  private JsonNode directiveFile(JsonNode name, String path) {
    if (!name.isString()) {
      throw new ConfigException("Invalid config in '" + file + "': " + path
          + ".$file must be a file path");
    }
    Path target = baseDir.resolve(name.stringValue());
    try {
      return JsonNodeFactory.instance.stringNode(Files.readString(target, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ConfigException("Invalid config in '" + file + "': " + path
          + ".$file: cannot read " + target + ": " + e, e);
    }
  }
}
