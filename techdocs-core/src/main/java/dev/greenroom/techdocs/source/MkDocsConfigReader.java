package dev.greenroom.techdocs.source;

import dev.greenroom.techdocs.TechDocsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads {@code mkdocs.yml} with Jackson YAML, treating it as untrusted input: size, depth and nav
 * limits; {@code docs_dir} must be a relative path inside the source folder. Custom tags ({@code
 * !!python/name:...}, {@code !ENV}, {@code !include}) are tolerated and read as their plain values,
 * as Backstage's schema does. A nav string {@code "!include path/mkdocs.yml"} becomes a {@link
 * NavItem.Include}.
 */
public final class MkDocsConfigReader {
  /** The largest config file accepted. */
  public static final int MAX_BYTES = 1024 * 1024;
  /** The deepest nesting accepted. */
  public static final int MAX_DEPTH = 64;
  /** The most nav entries accepted. */
  public static final int MAX_NAV_ENTRIES = 20_000;

  private static final YAMLMapper MAPPER =
      YAMLMapper.builder(
              YAMLFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(MAX_DEPTH)
                          .maxStringLength(MAX_BYTES)
                          .build())
                  .build())
          .build();

  private MkDocsConfigReader() {}

  /**
   * Parses and validates a config.
   *
   * @param file the file's path relative to the docs source (used in messages)
   * @param bytes the file's content
   * @throws TechDocsException naming the file and field on any problem
   */
  public static MkDocsConfig read(String file, byte[] bytes) {
    ObjectNode root = parse(file, bytes);
    String siteName = string(root, "site_name", file);
    if (siteName == null || siteName.isBlank()) {
      throw new TechDocsException(file + ": site_name is required", null, file, null);
    }
    return build(file, root, siteName);
  }

  /**
   * Parses a config without requiring {@code site_name} (the monorepo plugin checks it itself).
   *
   * @return the parsed document
   * @throws TechDocsException on a syntax error or exceeded limit
   */
  public static ObjectNode parse(String file, byte[] bytes) {
    if (bytes.length > MAX_BYTES) {
      throw new TechDocsException(
          file + " is larger than the limit of " + MAX_BYTES + " bytes", null, file, null);
    }
    JsonNode n;
    try {
      n = MAPPER.readTree(bytes);
    } catch (JacksonException e) {
      throw new TechDocsException(
          file + " is not valid YAML: " + firstLine(e.getOriginalMessage()), null, file, e);
    }
    if (n == null || n.isMissingNode() || n.isNull()) {
      throw new TechDocsException(file + " is empty", null, file, null);
    }
    if (!n.isObject()) {
      throw new TechDocsException(file + " must be a YAML mapping", null, file, null);
    }
    return (ObjectNode) n;
  }

  /** Builds the config from a parsed document whose {@code site_name} is known. */
  static MkDocsConfig build(String file, ObjectNode root, String siteName) {
    String docsDir = docsDir(file, string(root, "docs_dir", file));
    List<NavItem> nav = null;
    JsonNode navNode = root.get("nav");
    if (navNode != null && !navNode.isNull()) {
      if (!navNode.isArray()) {
        throw new TechDocsException(file + ": nav must be a list", null, file, null);
      }
      int[] count = {0};
      nav = navList(file, "nav", navNode, count);
    }
    List<String> plugins = new ArrayList<>();
    JsonNode p = root.get("plugins");
    if (p != null && p.isArray()) {
      for (JsonNode e : p) {
        if (e.isString()) {
          plugins.add(e.stringValue());
        } else if (e.isObject() && e.size() == 1) {
          plugins.add(e.propertyNames().iterator().next());
        } else {
          throw new TechDocsException(
              file + ": plugins entries must be names or single-key maps", null, file, null);
        }
      }
    } else if (p != null && !p.isNull()) {
      throw new TechDocsException(file + ": plugins must be a list", null, file, null);
    }
    return new MkDocsConfig(
        file,
        siteName,
        string(root, "site_description", file),
        docsDir,
        nav,
        string(root, "repo_url", file),
        string(root, "edit_uri", file),
        plugins,
        root);
  }

  /**
   * Validates {@code docs_dir} as Backstage does "for security reasons": relative, and inside the
   * folder of the config.
   */
  static String docsDir(String file, @Nullable String value) {
    if (value == null || value.isBlank()) {
      return "docs";
    }
    String v = value.trim().replace('\\', '/');
    if (v.startsWith("/") || v.matches("^[A-Za-z]:.*") || v.startsWith("~")) {
      throw new TechDocsException(
          file + ": docs_dir '" + value + "' must be a relative path inside the docs source folder"
              + " (absolute paths are refused for security reasons)", null, file, null);
    }
    String norm = Paths2.normalize(v);
    if (norm == null) {
      throw new TechDocsException(
          file + ": docs_dir '" + value + "' leaves the docs source folder (refused for security reasons)",
          null, file, null);
    }
    return norm.isEmpty() ? "." : norm;
  }

  private static List<NavItem> navList(String file, String where, JsonNode list, int[] count) {
    List<NavItem> items = new ArrayList<>();
    int i = 0;
    for (JsonNode e : list) {
      String at = where + "[" + i++ + "]";
      if (++count[0] > MAX_NAV_ENTRIES) {
        throw new TechDocsException(file + ": nav has more than " + MAX_NAV_ENTRIES + " entries", null, file, null);
      }
      if (e.isString()) {
        items.add(leaf(file, at, null, e.stringValue()));
      } else if (e.isObject() && e.size() == 1) {
        Map.Entry<String, JsonNode> only = e.properties().iterator().next();
        String title = only.getKey();
        JsonNode v = only.getValue();
        if (v.isString()) {
          items.add(leaf(file, at, title, v.stringValue()));
        } else if (v.isArray()) {
          items.add(new NavItem.Section(title, navList(file, at + "." + title, v, count)));
        } else {
          throw new TechDocsException(
              file + ": " + at + " '" + title + "' must be a page path, a URL or a list", null, file, null);
        }
      } else {
        throw new TechDocsException(
            file + ": " + at + " must be a page path or a single-key map {title: page}", null, file, null);
      }
    }
    return items;
  }

  private static NavItem leaf(String file, String at, @Nullable String title, String value) {
    String v = value.trim();
    if (v.startsWith("!include ")) {
      String path = v.substring("!include ".length()).trim();
      return new NavItem.Include(title == null ? path : title, path);
    }
    if (v.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*") || v.startsWith("//")) {
      return new NavItem.Link(title == null ? v : title, v);
    }
    if (v.isEmpty()) {
      throw new TechDocsException(file + ": " + at + " has an empty page path", null, file, null);
    }
    return new NavItem.Page(title, v);
  }

  private static @Nullable String string(ObjectNode root, String key, String file) {
    JsonNode n = root.get(key);
    if (n == null || n.isNull()) {
      return null;
    }
    if (n.isString() || n.isNumber() || n.isBoolean()) {
      return n.asString();
    }
    throw new TechDocsException(file + ": " + key + " must be a string", null, file, null);
  }

  private static String firstLine(@Nullable String s) {
    if (s == null) {
      return "could not be parsed";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
