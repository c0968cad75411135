package dev.greenroom.http;

import dev.greenroom.catalog.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * A plugin's OpenAPI document, served at {@code /api/<plugin>/openapi.json} (the contract for UI
 * builders), and the check that keeps it true: {@link #operations} (what the document lists)
 * against {@link HttpApi#operations} (what the plugin serves).
 *
 * <pre>{@code
 * r.get("/openapi.json", Set.of(), OpenApiDocument.route(MyPlugin.class, "openapi.json"))
 *     .unauthenticated();
 * }</pre>
 */
public final class OpenApiDocument {
  /** The content type of the answer. */
  public static final String CONTENT_TYPE = "application/json; charset=utf-8";
  /** The largest document read. */
  public static final int MAX_BYTES = 4 * 1024 * 1024;

  private OpenApiDocument() {}

  /**
   * A route answering the document {@code resource} next to {@code anchor} (read once, on the
   * first call; a missing or unreadable resource is a server error naming it).
   */
  public static Route route(Class<?> anchor, String resource) {
    Objects.requireNonNull(anchor, "anchor");
    Objects.requireNonNull(resource, "resource");
    return new Route() {
      private volatile byte[] bytes;

      @Override
      public void handle(Call call) throws IOException {
        byte[] b = bytes;
        if (b == null) {
          b = read(anchor, resource);
          bytes = b;
        }
        call.bytes(200, CONTENT_TYPE, b);
      }
    };
  }

  private static byte[] read(Class<?> anchor, String resource) {
    try (InputStream in = anchor.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " missing beside " + anchor.getName());
      }
      byte[] b = in.readNBytes(MAX_BYTES + 1);
      if (b.length > MAX_BYTES) {
        throw new IllegalStateException(resource + " is larger than " + MAX_BYTES + " bytes");
      }
      return b;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The operations a document lists, as {@code "GET /v2/tasks/{taskId}"}, sorted.
   *
   * @param doc the parsed document
   */
  public static Set<String> operations(JsonNode doc) {
    Set<String> ops = new TreeSet<>();
    JsonNode paths = doc.get("paths");
    if (paths == null || !paths.isObject()) {
      return ops;
    }
    for (Map.Entry<String, JsonNode> p : paths.properties()) {
      for (Iterator<String> it = p.getValue().propertyNames().iterator(); it.hasNext(); ) {
        String method = it.next();
        if (Set.of("get", "post", "put", "delete", "patch").contains(method)) {
          ops.add(method.toUpperCase(Locale.ROOT) + " " + p.getKey());
        }
      }
    }
    return ops;
  }

  /**
   * What is wrong with a document, for tests: every {@code $ref} must name a schema of {@code
   * components.schemas}, every {@code {param}} of a path must be declared as a path parameter of
   * each of its operations, and every operation must have {@code responses}. Empty when sound.
   */
  public static java.util.List<String> problems(JsonNode doc) {
    java.util.List<String> out = new java.util.ArrayList<>();
    JsonNode schemas = doc.at("/components/schemas");
    refs(doc, "", schemas, out);
    JsonNode paths = doc.get("paths");
    if (paths == null || !paths.isObject()) {
      out.add("no paths");
      return out;
    }
    java.util.regex.Pattern param = java.util.regex.Pattern.compile("\\{([^}]+)}");
    for (Map.Entry<String, JsonNode> p : paths.properties()) {
      for (Map.Entry<String, JsonNode> o : p.getValue().properties()) {
        String where = o.getKey().toUpperCase(Locale.ROOT) + " " + p.getKey();
        if (!o.getValue().has("responses") || o.getValue().get("responses").isEmpty()) {
          out.add(where + ": no responses");
        }
        Set<String> declared = new TreeSet<>();
        JsonNode params = o.getValue().get("parameters");
        if (params != null) {
          for (JsonNode pn : params) {
            if ("path".equals(pn.path("in").asString(""))) {
              declared.add(pn.path("name").asString(""));
            }
          }
        }
        java.util.regex.Matcher m = param.matcher(p.getKey());
        while (m.find()) {
          if (!declared.contains(m.group(1))) {
            out.add(where + ": path parameter {" + m.group(1) + "} not declared");
          }
        }
      }
    }
    return out;
  }

  private static void refs(JsonNode node, String where, JsonNode schemas,
      java.util.List<String> out) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (e.getKey().equals("$ref")) {
          String r = e.getValue().asString("");
          String prefix = "#/components/schemas/";
          if (!r.startsWith(prefix) || !schemas.has(r.substring(prefix.length()))) {
            out.add(where + ": unresolved $ref " + r);
          }
        } else {
          refs(e.getValue(), where + "/" + e.getKey(), schemas, out);
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        refs(node.get(i), where + "/" + i, schemas, out);
      }
    }
  }

  /** The document {@code resource} next to {@code anchor}, parsed. */
  public static JsonNode load(Class<?> anchor, String resource) {
    return Json.mapper().readTree(read(anchor, resource));
  }
}
