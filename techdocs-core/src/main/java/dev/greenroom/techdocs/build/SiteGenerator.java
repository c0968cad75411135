package dev.greenroom.techdocs.build;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.techdocs.TechDocsException;
import dev.greenroom.techdocs.render.HtmlSanitizer;
import dev.greenroom.techdocs.render.LinkRewriter;
import dev.greenroom.techdocs.render.MarkdownRenderer;
import dev.greenroom.techdocs.render.RenderedPage;
import dev.greenroom.techdocs.source.MkDocsConfig;
import dev.greenroom.techdocs.source.MkDocsConfigReader;
import dev.greenroom.techdocs.source.NavItem;
import dev.greenroom.techdocs.source.Paths2;
import dev.greenroom.techdocs.source.SourceFiles;
import dev.greenroom.techdocs.source.SourceLoader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds a site from loaded source files, as {@code mkdocs build} with the {@code techdocs-core}
 * and {@code monorepo} plugins would: every Markdown file under {@code docs_dir} becomes {@code
 * <page>/index.html} ({@code index.md} and a lone {@code README.md} become their folder's {@code
 * index.html}), other files are copied, the nav comes from {@code nav} or the folder, {@code
 * "!include dir/mkdocs.yml"} nav entries pull another project's pages in under its {@code
 * site_name}, and {@code techdocs_metadata.json} and {@code search/search_index.json} are written.
 *
 * <p>Design: three passes over an in-memory file map. The first maps every source file to its
 * output path (so links can be rewritten before anything is rendered), the second renders the
 * Markdown, the third resolves the nav (titles are known only after rendering) and lays the pages
 * out. A missing nav page or broken link is a warning, as in MkDocs without {@code strict}; a
 * refused {@code docs_dir}, a bad config or a broken include fails the build.
 */
public final class SiteGenerator {
  /**
   * Where the site's stylesheet goes. The TechDocs reader keeps only the {@code <link>}s whose
   * {@code href} looks like mkdocs-material's {@code main.<8 hex digits>.min.css} (its sanitizer
   * drops every other stylesheet), so the name follows that pattern, the digits from the content.
   */
  static final String CSS_PATH = "assets/stylesheets/main." + PageLayout.cssHash() + ".min.css";

  private final MarkdownRenderer renderer = new MarkdownRenderer();

  /** A docs folder and where its pages go. */
  private record DocsRoot(MkDocsConfig config, String configFolder, String docsDir, String outPrefix) {}

  /** One page. */
  private static final class Page {
    final String src;
    final DocsRoot root;
    final String outDir;
    @Nullable RenderedPage rendered;
    @Nullable String navTitle;

    Page(String src, DocsRoot root, String outDir) {
      this.src = src;
      this.root = root;
      this.outDir = outDir;
    }

    String location() {
      return outDir.isEmpty() ? "" : outDir + "/";
    }

    String title() {
      if (navTitle != null) {
        return navTitle;
      }
      if (rendered != null && rendered.firstH1() != null && !rendered.firstH1().isEmpty()) {
        return rendered.firstH1();
      }
      String name = src.substring(src.lastIndexOf('/') + 1).replaceFirst("(?i)\\.md$", "");
      if (name.equalsIgnoreCase("index") || name.equalsIgnoreCase("readme")) {
        return outDir.isEmpty() ? "Home" : dirTitle(outDir.substring(outDir.lastIndexOf('/') + 1));
      }
      return dirTitle(name);
    }
  }

  /**
   * Builds a site.
   *
   * @param src the loaded source files
   * @param defaultSiteName the {@code site_name} used when the source has no config (Backstage
   *     generates one named after the entity)
   * @param buildTimestamp the build time for the metadata, epoch milliseconds
   * @param log receives one line per step and per warning
   * @throws TechDocsException when the config is invalid or an include is broken
   */
  public GeneratedSite generate(SourceFiles src, String defaultSiteName, long buildTimestamp, Consumer<String> log) {
    return generate(src, defaultSiteName, null, buildTimestamp, log);
  }

  /**
   * Builds a site, filling {@code repo_url} when the config has none (Backstage's pre-build patch
   * for sources on GitHub and GitLab).
   *
   * @param defaultRepoUrl the {@code repo_url} to use when the config has none, or null
   */
  public GeneratedSite generate(
      SourceFiles src, String defaultSiteName, @Nullable String defaultRepoUrl, long buildTimestamp,
      Consumer<String> log) {
    MkDocsConfig config = rootConfig(src, defaultSiteName, log);
    if (config.repoUrl() == null && defaultRepoUrl != null) {
      log.accept("Setting repo_url to " + defaultRepoUrl);
      config = config.withRepoUrl(defaultRepoUrl);
    }
    List<String> warnings = new ArrayList<>();
    Consumer<String> warn = w -> {
      warnings.add(w);
      log.accept("WARNING: " + w);
    };
    DocsRoot root = new DocsRoot(config, "", docsFolder(config, ""), "");
    Map<String, Page> pagesBySrc = new LinkedHashMap<>();
    Map<String, String> assetsBySrc = new LinkedHashMap<>();
    Map<String, Page> pagesByOut = new LinkedHashMap<>();
    Map<NavItem.Include, DocsRoot> includes = new java.util.IdentityHashMap<>();
    collect(src, root, pagesBySrc, assetsBySrc, pagesByOut, includes, new HashSet<>(), warn);
    if (pagesBySrc.isEmpty()) {
      throw new TechDocsException(
          "No Markdown pages found under docs_dir '" + root.docsDir() + "'", null, config.file(), null);
    }
    log.accept("Rendering " + pagesBySrc.size() + " pages and copying " + assetsBySrc.size() + " files");

    for (Page p : pagesBySrc.values()) {
      String md = new String(src.files().get(p.src), StandardCharsets.UTF_8);
      LinkRewriter rw = (dest, image) -> rewrite(p, dest, pagesBySrc, assetsBySrc, warn);
      try {
        p.rendered = renderer.render(md, rw);
      } catch (IllegalArgumentException e) {
        throw new TechDocsException(p.src + ": " + e.getMessage(), null, p.src, e);
      }
    }

    List<NavNode> nav = navOf(root, src, pagesBySrc, includes, warn);
    List<String> order = new ArrayList<>();
    collectOrder(nav, order);
    for (Page p : pagesBySrc.values()) {
      if (!order.contains(p.location())) {
        order.add(p.location());
      }
    }

    Map<String, byte[]> out = new TreeMap<>();
    PageLayout layout = new PageLayout(config, nav, CSS_PATH);
    List<SearchEntry> search = new ArrayList<>();
    List<Page> ordered = new ArrayList<>();
    for (String loc : order) {
      Page p = pagesByOut.get(loc);
      if (p != null) {
        ordered.add(p);
      }
    }
    for (int i = 0; i < ordered.size(); i++) {
      Page p = ordered.get(i);
      RenderedPage r = Objects.requireNonNull(p.rendered);
      Page prev = i > 0 ? ordered.get(i - 1) : null;
      Page next = i + 1 < ordered.size() ? ordered.get(i + 1) : null;
      String editUrl = editUrl(p.root.config(), p.root.docsDir(), p.src);
      String html = layout.page(
          p.location(), p.title(), r,
          prev == null ? null : new PageLayout.Neighbour(prev.title(), prev.location()),
          next == null ? null : new PageLayout.Neighbour(next.title(), next.location()),
          editUrl);
      out.put(p.location() + "index.html", html.getBytes(StandardCharsets.UTF_8));
      search.add(new SearchEntry(p.location(), p.title(), r.text()));
      for (RenderedPage.Section s : r.sections()) {
        if (s.heading() != null) {
          search.add(new SearchEntry(p.location() + "#" + s.heading().id(), s.heading().text(), s.text()));
        }
      }
    }
    for (Map.Entry<String, String> a : assetsBySrc.entrySet()) {
      if (out.containsKey(a.getValue())) {
        warn.accept("File " + a.getKey() + " is shadowed by a generated page at " + a.getValue());
        continue;
      }
      out.put(a.getValue(), asset(a.getValue(), src.files().get(a.getKey())));
    }
    out.putIfAbsent(CSS_PATH, PageLayout.css().getBytes(StandardCharsets.UTF_8));
    out.put("404.html", layout.notFound().getBytes(StandardCharsets.UTF_8));
    byte[] sitemap = sitemap(order).getBytes(StandardCharsets.UTF_8);
    out.put("sitemap.xml", sitemap);
    out.put("sitemap.xml.gz", gzip(sitemap));
    out.put(GeneratedSite.SEARCH_INDEX_FILE, searchIndex(search));
    String description = config.siteDescription();
    out.put(GeneratedSite.METADATA_FILE, new byte[0]);
    out.put(GeneratedSite.METADATA_FILE,
        metadata(config.siteName(), description, buildTimestamp, out.keySet(), src.etag()));
    log.accept("Built " + ordered.size() + " pages, " + out.size() + " files");
    return new GeneratedSite(
        config.siteName(), description, src.etag(), buildTimestamp, out, order, search, warnings);
  }

  private static MkDocsConfig rootConfig(SourceFiles src, String defaultSiteName, Consumer<String> log) {
    for (String name : SourceLoader.CONFIG_NAMES) {
      byte[] b = src.files().get(name);
      if (b != null) {
        log.accept("Reading " + name);
        return MkDocsConfigReader.read(name, b);
      }
    }
    log.accept("No mkdocs.yml found; using a default config (site_name " + defaultSiteName + ", docs_dir docs)");
    String yaml = "site_name: " + Json.mapper().writeValueAsString(defaultSiteName)
        + "\ndocs_dir: docs\nplugins:\n  - techdocs-core\n";
    return MkDocsConfigReader.read("mkdocs.yml", yaml.getBytes(StandardCharsets.UTF_8));
  }

  private static String docsFolder(MkDocsConfig config, String configFolder) {
    String d = Paths2.resolve(configFolder, config.docsDir().equals(".") ? "" : config.docsDir());
    if (d == null) {
      throw new TechDocsException(
          config.file() + ": docs_dir '" + config.docsDir() + "' leaves the docs source folder", null, config.file(), null);
    }
    return d;
  }

  private void collect(
      SourceFiles src, DocsRoot root, Map<String, Page> pagesBySrc, Map<String, String> assetsBySrc,
      Map<String, Page> pagesByOut, Map<NavItem.Include, DocsRoot> includes, Set<String> seenConfigs,
      Consumer<String> warn) {
    if (!seenConfigs.add(root.config().file())) {
      throw new TechDocsException(
          "[mkdocs-monorepo] " + root.config().file() + " is included more than once (include cycle)",
          null, root.config().file(), null);
    }
    String prefix = root.docsDir().isEmpty() ? "" : root.docsDir() + "/";
    List<String> files = src.under(root.docsDir());
    Set<String> present = new HashSet<>(files);
    for (String f : files) {
      String rel = f.substring(prefix.length());
      if (isConfig(rel) && root.docsDir().isEmpty()) {
        continue;
      }
      if (f.toLowerCase(Locale.ROOT).endsWith(".md")) {
        String dir = Paths2.parent(rel);
        String name = rel.substring(rel.lastIndexOf('/') + 1);
        String outDir;
        if (name.equals("index.md")) {
          outDir = dir;
        } else if (name.equalsIgnoreCase("README.md") && !present.contains(prefix + (dir.isEmpty() ? "" : dir + "/") + "index.md")) {
          outDir = dir;
        } else {
          outDir = rel.substring(0, rel.length() - 3);
        }
        outDir = join(root.outPrefix(), outDir);
        Page p = new Page(f, root, outDir);
        Page clash = pagesByOut.putIfAbsent(p.location(), p);
        if (clash != null) {
          warn.accept("Pages " + clash.src + " and " + f + " both map to " + p.location() + "index.html; keeping " + clash.src);
          continue;
        }
        pagesBySrc.put(f, p);
      } else {
        assetsBySrc.put(f, join(root.outPrefix(), rel));
      }
    }
    if (root.config().nav() != null) {
      collectIncludes(src, root, root.config().nav(), pagesBySrc, assetsBySrc, pagesByOut, includes, seenConfigs, warn);
    }
  }

  private void collectIncludes(
      SourceFiles src, DocsRoot root, List<NavItem> items, Map<String, Page> pagesBySrc,
      Map<String, String> assetsBySrc, Map<String, Page> pagesByOut, Map<NavItem.Include, DocsRoot> includes,
      Set<String> seenConfigs, Consumer<String> warn) {
    for (NavItem item : items) {
      if (item instanceof NavItem.Section s) {
        collectIncludes(src, root, s.children(), pagesBySrc, assetsBySrc, pagesByOut, includes, seenConfigs, warn);
      } else if (item instanceof NavItem.Include inc) {
        String path = Paths2.resolve(root.configFolder(), inc.configPath());
        byte[] bytes = path == null ? null : src.files().get(path);
        if (bytes == null) {
          throw new TechDocsException(
              "[mkdocs-monorepo] The file path " + inc.configPath() + " referenced in " + root.config().file()
                  + " does not exist, is not valid YAML, or does not contain a valid 'site_name' and 'nav' keys.",
              null, root.config().file(), null);
        }
        ObjectNode doc;
        try {
          doc = MkDocsConfigReader.parse(path, bytes);
        } catch (TechDocsException e) {
          throw new TechDocsException(
              "[mkdocs-monorepo] The file path " + path + " does not exist, is not valid YAML, or does not"
                  + " contain a valid 'site_name' and 'nav' keys. (" + e.getMessage() + ")", null, path, e);
        }
        var sn = doc.get("site_name");
        if (sn == null || !sn.isString() || sn.stringValue().isBlank()) {
          throw new TechDocsException(
              "[mkdocs-monorepo] The file path " + path + " does not contain a valid 'site_name' key in the"
                  + " YAML file. Please include it to indicate where your documentation should be moved.",
              null, path, null);
        }
        MkDocsConfig cfg = MkDocsConfigReader.read(path, bytes);
        String alias = Paths2.normalize(cfg.siteName().trim());
        if (alias == null || alias.isEmpty()) {
          throw new TechDocsException(
              "[mkdocs-monorepo] " + path + ": site_name '" + cfg.siteName() + "' is not a usable folder name",
              null, path, null);
        }
        String folder = Paths2.parent(path);
        DocsRoot inner = new DocsRoot(cfg, folder, docsFolder(cfg, folder), join(root.outPrefix(), alias));
        includes.put(inc, inner);
        collect(src, inner, pagesBySrc, assetsBySrc, pagesByOut, includes, seenConfigs, warn);
      }
    }
  }

  private static boolean isConfig(String rel) {
    return SourceLoader.CONFIG_NAMES.contains(rel);
  }

  private static String join(String prefix, String rel) {
    if (prefix.isEmpty()) {
      return rel;
    }
    return rel.isEmpty() ? prefix : prefix + "/" + rel;
  }

  // ---- links

  private static String rewrite(
      Page page, String dest, Map<String, Page> pagesBySrc, Map<String, String> assetsBySrc, Consumer<String> warn) {
    if (dest.isEmpty() || dest.startsWith("#") || dest.startsWith("/") || dest.startsWith("//")
        || dest.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")) {
      return dest;
    }
    int cut = indexOfAny(dest, "#?");
    String path = cut < 0 ? dest : dest.substring(0, cut);
    String suffix = cut < 0 ? "" : dest.substring(cut);
    if (path.isEmpty()) {
      return dest;
    }
    String decoded;
    try {
      decoded = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      decoded = path;
    }
    String target = Paths2.resolve(Paths2.parent(page.src), decoded);
    if (target == null) {
      warn.accept(page.src + ": link '" + dest + "' leaves the docs source folder");
      return dest;
    }
    Page tp = pagesBySrc.get(target);
    if (tp == null && decoded.endsWith("/")) {
      tp = pagesBySrc.get(target + "/index.md");
    }
    String outTarget;
    if (tp != null) {
      outTarget = tp.location();
    } else if (assetsBySrc.containsKey(target)) {
      outTarget = assetsBySrc.get(target);
    } else {
      warn.accept(page.src + ": link '" + dest + "' points to " + target + ", which is not in the docs");
      String docsPrefix = page.root.docsDir().isEmpty() ? "" : page.root.docsDir() + "/";
      String rel = target.startsWith(docsPrefix) ? target.substring(docsPrefix.length()) : target;
      if (rel.toLowerCase(Locale.ROOT).endsWith(".md")) {
        rel = rel.substring(0, rel.length() - 3) + "/";
      }
      outTarget = join(page.root.outPrefix(), rel);
    }
    return encode(Paths2.relative(page.outDir, outTarget)) + suffix;
  }

  private static String encode(String path) {
    StringBuilder sb = new StringBuilder();
    String[] segs = path.split("/", -1);
    for (int i = 0; i < segs.length; i++) {
      if (i > 0) {
        sb.append('/');
      }
      String s = segs[i];
      sb.append(s.equals(".") || s.equals("..") ? s : URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return sb.toString();
  }

  private static int indexOfAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  // ---- nav

  private List<NavNode> navOf(
      DocsRoot root, SourceFiles src, Map<String, Page> pagesBySrc, Map<NavItem.Include, DocsRoot> includes,
      Consumer<String> warn) {
    if (root.config().nav() == null) {
      return derivedNav(root, pagesBySrc);
    }
    return navItems(root, root.config().nav(), src, pagesBySrc, includes, warn);
  }

  private List<NavNode> navItems(
      DocsRoot root, List<NavItem> items, SourceFiles src, Map<String, Page> pagesBySrc,
      Map<NavItem.Include, DocsRoot> includes, Consumer<String> warn) {
    List<NavNode> out = new ArrayList<>();
    for (NavItem item : items) {
      if (item instanceof NavItem.Page np) {
        String path = Paths2.resolve(root.docsDir(), np.path());
        Page p = path == null ? null : pagesBySrc.get(path);
        if (p == null) {
          warn.accept("A reference to '" + np.path() + "' is included in the 'nav' configuration of "
              + root.config().file() + ", which is not found in the documentation files");
          String loc = join(root.outPrefix(), np.path().replaceFirst("(?i)\\.md$", "")) + "/";
          out.add(new NavNode(np.title() == null ? np.path() : np.title(), loc, null, List.of()));
          continue;
        }
        if (np.title() != null && p.navTitle == null) {
          p.navTitle = np.title();
        }
        out.add(new NavNode(np.title() == null ? p.title() : np.title(), p.location(), null, List.of()));
      } else if (item instanceof NavItem.Section s) {
        out.add(new NavNode(s.title(), null, null, navItems(root, s.children(), src, pagesBySrc, includes, warn)));
      } else if (item instanceof NavItem.Link l) {
        out.add(new NavNode(l.title(), null, l.url(), List.of()));
      } else if (item instanceof NavItem.Include inc) {
        DocsRoot inner = Objects.requireNonNull(includes.get(inc));
        out.add(new NavNode(inc.title(), null, null, navOf(inner, src, pagesBySrc, includes, warn)));
      }
    }
    return out;
  }

  /** The nav MkDocs derives from the folder: index first, then pages, then folders as sections. */
  private static List<NavNode> derivedNav(DocsRoot root, Map<String, Page> pagesBySrc) {
    TreeMap<String, Object> tree = new TreeMap<>();
    String prefix = root.docsDir().isEmpty() ? "" : root.docsDir() + "/";
    for (Page p : pagesBySrc.values()) {
      if (p.root != root) {
        continue;
      }
      String rel = p.src.substring(prefix.length());
      String[] parts = rel.split("/");
      TreeMap<String, Object> node = tree;
      for (int i = 0; i < parts.length - 1; i++) {
        @SuppressWarnings("unchecked")
        TreeMap<String, Object> next = (TreeMap<String, Object>) node.computeIfAbsent(parts[i], k -> new TreeMap<String, Object>());
        node = next;
      }
      node.put(parts[parts.length - 1], p);
    }
    return derived(tree);
  }

  private static List<NavNode> derived(TreeMap<String, Object> tree) {
    List<NavNode> index = new ArrayList<>();
    List<NavNode> pages = new ArrayList<>();
    List<NavNode> dirs = new ArrayList<>();
    for (Map.Entry<String, Object> e : tree.entrySet()) {
      if (e.getValue() instanceof Page p) {
        NavNode n = new NavNode(p.title(), p.location(), null, List.of());
        String name = e.getKey();
        if (name.equals("index.md") || name.equalsIgnoreCase("README.md")) {
          index.add(n);
        } else {
          pages.add(n);
        }
      } else {
        @SuppressWarnings("unchecked")
        TreeMap<String, Object> sub = (TreeMap<String, Object>) e.getValue();
        dirs.add(new NavNode(dirTitle(e.getKey()), null, null, derived(sub)));
      }
    }
    List<NavNode> out = new ArrayList<>(index);
    out.addAll(pages);
    out.addAll(dirs);
    return out;
  }

  /** MkDocs' {@code dirname_to_title}: dashes and underscores to spaces, capitalised if all lower case. */
  static String dirTitle(String name) {
    String t = name.replace('-', ' ').replace('_', ' ');
    if (t.toLowerCase(Locale.ROOT).equals(t) && !t.isEmpty()) {
      t = Character.toUpperCase(t.charAt(0)) + t.substring(1);
    }
    return t;
  }

  private static void collectOrder(List<NavNode> nav, List<String> order) {
    for (NavNode n : nav) {
      if (n.location() != null && !order.contains(n.location())) {
        order.add(n.location());
      }
      collectOrder(n.children(), order);
    }
  }

  /** An asset as published: HTML files from the source are cleaned like rendered pages. */
  private static byte[] asset(String path, byte[] content) {
    String lower = path.toLowerCase(java.util.Locale.ROOT);
    if (lower.endsWith(".html") || lower.endsWith(".htm") || lower.endsWith(".xhtml")) {
      return HtmlSanitizer.document(new String(content, StandardCharsets.UTF_8))
          .getBytes(StandardCharsets.UTF_8);
    }
    return content;
  }

  private static @Nullable String editUrl(MkDocsConfig config, String docsDir, String src) {
    if (config.repoUrl() == null || config.editUri() == null || config.editUri().isBlank()) {
      return null;
    }
    String base = config.repoUrl().endsWith("/") ? config.repoUrl() : config.repoUrl() + "/";
    String uri = config.editUri().endsWith("/") ? config.editUri() : config.editUri() + "/";
    String prefix = docsDir.isEmpty() ? "" : docsDir + "/";
    String rel = src.startsWith(prefix) ? src.substring(prefix.length()) : src;
    return uri.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*") ? uri + rel : base + uri + rel;
  }

  // ---- output documents

  private static byte[] searchIndex(List<SearchEntry> entries) {
    ObjectNode root = Json.object();
    ObjectNode config = root.putObject("config");
    config.putArray("lang").add("en");
    config.put("separator", "[\\s\\-]+");
    config.putArray("pipeline").add("stopWordFilter");
    ArrayNode docs = root.putArray("docs");
    for (SearchEntry e : entries) {
      docs.addObject().put("location", e.location()).put("title", e.title()).put("text", e.text());
    }
    return Json.mapper().writeValueAsBytes(root);
  }

  private static byte[] metadata(
      String siteName, @Nullable String description, long timestamp, Set<String> files, String etag) {
    ObjectNode m = Json.object();
    m.put("site_name", siteName);
    m.put("site_description", description == null ? "None" : description);
    m.put("build_timestamp", timestamp);
    ArrayNode f = m.putArray("files");
    files.forEach(f::add);
    m.put("etag", etag);
    return Json.mapper().writeValueAsBytes(m);
  }

  private static String sitemap(List<String> locations) {
    StringBuilder sb = new StringBuilder(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (String l : locations) {
      sb.append("  <url><loc>").append(dev.greenroom.techdocs.render.Html.escape(l.isEmpty() ? "./" : l))
          .append("</loc></url>\n");
    }
    return sb.append("</urlset>\n").toString();
  }

  private static byte[] gzip(byte[] data) {
    try {
      ByteArrayOutputStream bo = new ByteArrayOutputStream();
      try (GZIPOutputStream gz = new GZIPOutputStream(bo)) {
        gz.write(data);
      }
      return bo.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
