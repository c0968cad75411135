package dev.greenroom.techdocs.source;

import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.catalog.processing.location.UrlReader;
import dev.greenroom.techdocs.TechDocsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Loads a docs source into memory (Backstage's "prepare" stage). A {@code dir} source is walked
 * (hidden entries and symbolic links skipped); a {@code url} source is read as one tree through
 * the {@link UrlReader} ({@code readTree}: an SCM integration reads the folder's archive with its
 * token, as Backstage's TechDocs prepares {@code url:} sources), and, when the reader cannot read
 * trees (plain HTTP cannot list a folder), file by file: the config, every page its nav names
 * (with monorepo includes), the pages and assets those pages link to relatively. Both stop at
 * {@link #maxFiles} files and {@link #maxBytes} bytes; a {@code url} source also stops after
 * {@code maxUrlReads} reads, counting the ones that found nothing, so that a config naming
 * thousands of pages cannot make one build send thousands of requests to the docs host.
 */
public final class SourceLoader {
  /** Config file names, in the order Backstage tries them. */
  public static final List<String> CONFIG_NAMES = List.of("mkdocs.yaml", "mkdocs.yml");

  private static final Pattern MD_LINK = Pattern.compile("\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
  private static final Pattern HTML_REF = Pattern.compile("(?:src|href)\\s*=\\s*\"([^\"]+)\"");

  private final @Nullable UrlReader reader;
  private final int maxFiles;
  private final long maxBytes;
  private final int maxUrlReads;
  private final long maxUrlBytes;

  /**
   * A loader whose {@code url} sources have the same file and byte limits as folders.
   *
   * @param reader the reader for {@code url} sources, or null when only folders are allowed
   * @param maxFiles the most files one source may hold
   * @param maxBytes the most bytes one source may hold
   */
  public SourceLoader(@Nullable UrlReader reader, int maxFiles, long maxBytes) {
    this(reader, maxFiles, maxBytes, maxFiles, maxBytes);
  }

  /**
   * A loader.
   *
   * @param reader the reader for {@code url} sources, or null when only folders are allowed
   * @param maxFiles the most files one folder source may hold
   * @param maxBytes the most bytes one folder source may hold
   * @param maxUrlReads the most reads one {@code url} source may take, found or not
   * @param maxUrlBytes the most bytes one {@code url} source may hold
   */
  public SourceLoader(
      @Nullable UrlReader reader, int maxFiles, long maxBytes, int maxUrlReads, long maxUrlBytes) {
    if (maxFiles < 1 || maxBytes < 1 || maxUrlReads < 1 || maxUrlBytes < 1) {
      throw new IllegalArgumentException("source limits must be positive");
    }
    this.reader = reader;
    this.maxFiles = maxFiles;
    this.maxBytes = maxBytes;
    this.maxUrlReads = maxUrlReads;
    this.maxUrlBytes = maxUrlBytes;
  }

  /** Loads a source. */
  public SourceFiles load(DocsRef ref) {
    return ref.type().equals(DocsRef.DIR) ? loadDir(Path.of(ref.target()), ref.toString()) : loadUrl(ref.target());
  }

  /**
   * Loads a source unless its host says it is unchanged since {@code etag} (Backstage's {@code
   * readTree(url, {etag})}: an SCM integration compares the commit sha before downloading the
   * archive). A {@code url} source read as a tree carries {@code tree:<digest of its URL>:<the
   * tree's ETag>}, so that a site built from another folder of the same commit is not taken as
   * current; folders and crawled sources carry a hash of their files, and are always loaded.
   *
   * @param ref the source
   * @param etag the etag of the published site, or null
   * @return the files, or empty when the host answered "not modified"
   */
  public Optional<SourceFiles> loadIfChanged(DocsRef ref, @Nullable String etag) {
    if (ref.type().equals(DocsRef.DIR)) {
      return Optional.of(loadDir(Path.of(ref.target()), ref.toString()));
    }
    // only a site built from this very folder may be "not modified" by its commit sha
    String prefix = treeEtagPrefix(ref.target());
    return loadUrl(ref.target(), etag != null && etag.startsWith(prefix) ? etag.substring(prefix.length()) : null);
  }

  /** {@code tree:<digest of the folder URL>:}, before a tree's ETag in a source's etag. */
  private static String treeEtagPrefix(String folderUrl) {
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256")
          .digest(folderUrl.getBytes(StandardCharsets.UTF_8));
      return "tree:" + java.util.HexFormat.of().formatHex(d, 0, 8) + ":";
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Loads every regular file under a folder.
   *
   * @throws TechDocsException when the folder is missing or a limit is exceeded
   */
  public SourceFiles loadDir(Path root, String origin) {
    if (!Files.isDirectory(root)) {
      throw new TechDocsException("Docs folder " + root + " does not exist", null, origin, null);
    }
    Map<String, byte[]> files = new LinkedHashMap<>();
    long[] total = {0};
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          if (!dir.equals(root) && dir.getFileName().toString().startsWith(".")) {
            return FileVisitResult.SKIP_SUBTREE;
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          if (!attrs.isRegularFile() || Files.isSymbolicLink(file)
              || file.getFileName().toString().startsWith(".")) {
            return FileVisitResult.CONTINUE;
          }
          if (files.size() >= maxFiles) {
            throw new TechDocsException(
                "Docs folder " + root + " holds more than " + maxFiles + " files", null, origin, null);
          }
          total[0] += attrs.size();
          if (total[0] > maxBytes) {
            throw new TechDocsException(
                "Docs folder " + root + " holds more than " + maxBytes + " bytes", null, origin, null);
          }
          String rel = root.relativize(file).toString().replace('\\', '/');
          files.put(rel, Files.readAllBytes(file));
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new TechDocsException("Cannot read docs folder " + root + ": " + e.getMessage(), null, origin, e);
    } catch (UncheckedIOException e) {
      throw new TechDocsException("Cannot read docs folder " + root + ": " + e.getMessage(), null, origin, e);
    }
    return SourceFiles.of(origin, files);
  }

  /**
   * Reads a docs source from a folder URL.
   *
   * @throws TechDocsException when no config is found, a required file cannot be read, or a limit
   *     is exceeded
   */
  public SourceFiles loadUrl(String folderUrl) {
    return loadUrl(folderUrl, null).orElseThrow();
  }

  private Optional<SourceFiles> loadUrl(String folderUrl, @Nullable String etag) {
    if (reader == null) {
      throw new TechDocsException("No UrlReader configured for url docs source " + folderUrl, null, folderUrl, null);
    }
    String base = folderUrl.endsWith("/") ? folderUrl : folderUrl + "/";
    UrlReader.ReadTreeResponse read = readTree(folderUrl, etag);
    if (read != null && read.notModified()) {
      return Optional.empty();
    }
    if (read != null) {
      Map<String, byte[]> tree = treeFiles(folderUrl, read);
      if (CONFIG_NAMES.stream().noneMatch(tree::containsKey)) {
        throw new TechDocsException(
            "No mkdocs.yaml or mkdocs.yml found at " + base, null, base + "mkdocs.yml", null);
      }
      SourceFiles hashed = SourceFiles.of("url:" + base, tree);
      return Optional.of(read.etag() == null ? hashed
          : new SourceFiles(hashed.origin(), hashed.files(), treeEtagPrefix(folderUrl) + read.etag()));
    }
    Map<String, byte[]> files = new LinkedHashMap<>();
    long[] total = {0, 0}; // bytes, reads
    String configName = null;
    for (String name : CONFIG_NAMES) {
      byte[] b = fetch(base, name, files, total, false);
      if (b != null) {
        configName = name;
        break;
      }
    }
    if (configName == null) {
      throw new TechDocsException(
          "No mkdocs.yaml or mkdocs.yml found at " + base, null, base + "mkdocs.yml", null);
    }
    Deque<String> pages = new ArrayDeque<>();
    Set<String> seen = new HashSet<>();
    queueConfig(base, configName, files, total, pages, new HashSet<>());
    while (!pages.isEmpty()) {
      String page = pages.removeFirst();
      if (!seen.add(page)) {
        continue;
      }
      byte[] content = files.containsKey(page) ? files.get(page) : fetch(base, page, files, total, false);
      if (content == null || !page.endsWith(".md")) {
        continue;
      }
      String text = new String(content, StandardCharsets.UTF_8);
      for (Pattern p : List.of(MD_LINK, HTML_REF)) {
        Matcher m = p.matcher(text);
        while (m.find()) {
          String target = m.group(1);
          if (target.startsWith("#") || target.startsWith("/") || target.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")) {
            continue;
          }
          int cut = indexOfAny(target, "#?");
          String path = cut < 0 ? target : target.substring(0, cut);
          String resolved = Paths2.resolve(Paths2.parent(page), decode(path));
          if (resolved != null && !resolved.isEmpty() && !seen.contains(resolved)) {
            pages.addLast(resolved);
          }
        }
      }
    }
    return Optional.of(SourceFiles.of("url:" + base, files));
  }

  /**
   * The folder as one tree read (Backstage's {@code readTree}: an SCM integration's archive); null
   * when the reader cannot read trees (a {@code NotAllowedError}), so that the folder is crawled
   * file by file instead.
   */
  private UrlReader.@Nullable ReadTreeResponse readTree(String folderUrl, @Nullable String etag) {
    try {
      return Objects.requireNonNull(reader).readTree(folderUrl, etag);
    } catch (ProcessingException e) {
      if ("NotAllowedError".equals(e.error().name())) {
        return null;
      }
      throw new TechDocsException("Cannot read the docs folder " + folderUrl + ": " + e.getMessage(),
          null, folderUrl, e);
    }
  }

  /** A tree's files, hidden entries dropped as for folders, within the url source's limits. */
  private Map<String, byte[]> treeFiles(String folderUrl, UrlReader.ReadTreeResponse tree) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    long bytes = 0;
    for (UrlReader.TreeFile f : tree.files()) {
      boolean hidden = false;
      for (String seg : f.path().split("/")) {
        hidden |= seg.startsWith(".");
      }
      if (hidden) {
        continue;
      }
      if (files.size() >= maxFiles) {
        throw new TechDocsException("Docs source " + folderUrl + " holds more than " + maxFiles
            + " files", null, folderUrl, null);
      }
      bytes += f.content().length;
      if (bytes > maxUrlBytes) {
        throw new TechDocsException("Docs source " + folderUrl + " holds more than " + maxUrlBytes
            + " bytes (the limit of one url docs source)", null, folderUrl, null);
      }
      files.put(f.path(), f.content());
    }
    return files;
  }

  private void queueConfig(
      String base, String configPath, Map<String, byte[]> files, long[] total, Deque<String> pages, Set<String> configs) {
    if (!configs.add(configPath) || configs.size() > 100) {
      return;
    }
    byte[] bytes = files.get(configPath);
    if (bytes == null) {
      return; // the generator reports a missing include with the monorepo plugin's message
    }
    ObjectNode root = MkDocsConfigReader.parse(configPath, bytes);
    String folder = Paths2.parent(configPath);
    JsonNode dd = root.get("docs_dir");
    String docsDir = MkDocsConfigReader.docsDir(configPath, dd == null || dd.isNull() ? null : dd.asString());
    String docs = Paths2.resolve(folder, docsDir);
    if (docs == null) {
      throw new TechDocsException(configPath + ": docs_dir leaves the docs source folder", null, configPath, null);
    }
    JsonNode nav = root.get("nav");
    boolean any = false;
    if (nav != null && nav.isArray()) {
      MkDocsConfig cfg = MkDocsConfigReader.build(configPath, root, "-");
      for (NavItem item : flatten(cfg.nav())) {
        if (item instanceof NavItem.Page p) {
          String path = Paths2.resolve(docs, p.path());
          if (path != null) {
            pages.addLast(path);
            any = true;
          }
        } else if (item instanceof NavItem.Include inc) {
          String inner = Paths2.resolve(folder, inc.configPath());
          if (inner != null && fetch(base, inner, files, total, false) != null) {
            queueConfig(base, inner, files, total, pages, configs);
          }
        }
      }
    }
    if (!any) {
      String prefix = docs.isEmpty() ? "" : docs + "/";
      pages.addLast(prefix + "index.md");
      pages.addLast(prefix + "README.md");
    }
  }

  private static List<NavItem> flatten(@Nullable List<NavItem> items) {
    List<NavItem> out = new java.util.ArrayList<>();
    if (items != null) {
      for (NavItem i : items) {
        if (i instanceof NavItem.Section s) {
          out.addAll(flatten(s.children()));
        } else {
          out.add(i);
        }
      }
    }
    return out;
  }

  private byte @Nullable [] fetch(String base, String path, Map<String, byte[]> files, long[] total, boolean required) {
    if (files.containsKey(path)) {
      return files.get(path);
    }
    if (total[1] >= maxUrlReads) {
      throw new TechDocsException(
          "Docs source " + base + " needs more than " + maxUrlReads + " reads (the limit of files read"
              + " from one url docs source); stopped before " + path, null, base, null);
    }
    total[1]++;
    String url = base + encodePath(path);
    byte[] content;
    try {
      content = Objects.requireNonNull(reader).read(url, null, Math.max(1, maxUrlBytes - total[0])).content();
    } catch (ProcessingException e) {
      if (!required && "NotFoundError".equals(e.error().name())) {
        return null;
      }
      throw new TechDocsException("Cannot read " + url + ": " + e.getMessage(), null, url, e);
    }
    total[0] += content.length;
    if (total[0] > maxUrlBytes) {
      throw new TechDocsException(
          "Docs source " + base + " holds more than " + maxUrlBytes + " bytes (the limit of one url"
              + " docs source)", null, base, null);
    }
    files.put(path, content);
    return content;
  }

  private static String encodePath(String path) {
    StringBuilder sb = new StringBuilder();
    for (String seg : path.split("/", -1)) {
      if (sb.length() > 0) {
        sb.append('/');
      }
      sb.append(java.net.URLEncoder.encode(seg, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return sb.toString();
  }

  private static String decode(String s) {
    try {
      return java.net.URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  private static int indexOfAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }
}
