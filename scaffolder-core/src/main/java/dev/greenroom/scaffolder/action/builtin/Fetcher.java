package dev.greenroom.scaffolder.action.builtin;

import dev.greenroom.catalog.processing.location.UrlReader;
import dev.greenroom.scaffolder.action.ActionContext;
import dev.greenroom.scaffolder.action.ActionEnvironment;
import dev.greenroom.scaffolder.action.ActionException;
import dev.greenroom.scaffolder.action.SafePaths;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import org.jspecify.annotations.Nullable;

/**
 * Fetches what {@code fetch:*} inputs name into a local directory (Backstage's {@code
 * fetchContents} / {@code fetchFile}). A relative URL resolves against the template's base URL:
 * for a {@code file:} template it must stay inside the template's directory; for an http(s)
 * template it is read through the host's {@link UrlReader}: a folder with {@link
 * UrlReader#readTree} (an SCM integration's archive of it, as Backstage's {@code fetchContents}), a
 * file with {@link UrlReader#read}. Absolute {@code file:} URLs are
 * refused (templates must not read the host's files). Absolute and resolved http(s) URLs go
 * through the host's {@link ActionEnvironment#fetchTargets()} before the reader sees them: a host
 * that resolves to a loopback, link-local or private address is refused unless allowed. Counts
 * and sizes are limited.
 */
final class Fetcher {
  private final ActionEnvironment env;

  Fetcher(ActionEnvironment env) {
    this.env = env;
  }

  /** Copies the tree {@code url} names into {@code target} (created). */
  void fetchTree(ActionContext ctx, String url, Path target) throws IOException {
    Path local = localPath(ctx, url);
    Files.createDirectories(target);
    if (local != null) {
      if (!Files.isDirectory(local)) {
        if (Files.isRegularFile(local)) {
          copyLimited(local, target.resolve(local.getFileName().toString()), new long[2]);
          return;
        }
        // Backstage fails here on the file system (ENOENT), a plain Error
        throw new ActionException(ActionException.Kind.ERROR,
            "fetch: " + url + " does not exist in the template directory");
      }
      copyTree(local, target);
      return;
    }
    String abs = absolute(ctx, url);
    UrlReader reader = reader(url);
    checkRemote(abs);
    // Backstage's fetchContents: the reader's readTree (an SCM host's archive of the folder)
    UrlReader.ReadTreeResponse tree = reader.readTree(abs, null);
    if (tree.files().isEmpty()) {
      throw new ActionException("fetch: no files found at " + abs);
    }
    long[] used = new long[2];
    for (UrlReader.TreeFile f : tree.files()) {
      Path p = SafePaths.resolve(target, f.path(), "fetched file");
      count(used, f.content().length, abs + "/" + f.path());
      Files.createDirectories(p.getParent());
      Files.write(p, f.content());
    }
  }

  /** Reads one file {@code url} names. */
  byte[] fetchFile(ActionContext ctx, String url) throws IOException {
    Path local = localPath(ctx, url);
    if (local != null) {
      if (!Files.isRegularFile(local)) {
        throw new ActionException("fetch: " + url + " is not a file in the template directory");
      }
      if (Files.size(local) > env.limits().maxFileBytes()) {
        throw new ActionException("fetch: " + url + " is larger than "
            + env.limits().maxFileBytes() + " bytes");
      }
      return Files.readAllBytes(local);
    }
    String abs = absolute(ctx, url);
    UrlReader reader = reader(url);
    checkRemote(abs);
    return reader.read(abs, null, env.limits().maxFileBytes()).content();
  }

  /** Refuses URLs outside {@link ActionEnvironment#fetchTargets()}, naming the host. */
  private void checkRemote(String abs) {
    URI uri;
    try {
      uri = URI.create(abs);
    } catch (IllegalArgumentException e) {
      throw new ActionException("fetch: " + abs + " is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new ActionException("fetch: only http and https URLs may be fetched, not " + abs);
    }
    if (uri.getHost() == null) {
      throw new ActionException("fetch: " + abs + " names no host");
    }
    int port = uri.getPort() > 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    env.fetchTargets().checkHost("fetch", uri.getHost(), port);
  }

  private UrlReader reader(String url) {
    UrlReader r = env.urlReader();
    if (r == null) {
      throw new ActionException("fetch: cannot read " + url
          + ": no URL reader is configured (only file templates can fetch relative paths)");
    }
    return r;
  }

  /** The local path for a relative URL of a {@code file:} template, else null. */
  private @Nullable Path localPath(ActionContext ctx, String url) {
    String lower = url.toLowerCase(java.util.Locale.ROOT);
    if (lower.startsWith("file:")) {
      throw new ActionException(ActionException.Kind.NOT_ALLOWED,
          "fetch: absolute file URLs are not allowed: " + url);
    }
    if (hasScheme(url)) {
      return null;
    }
    String base = ctx.templateBaseUrl();
    if (base == null) {
      throw new ActionException("fetch: relative URL " + url
          + " needs a template location to resolve against, and this template has none");
    }
    if (base.startsWith("file:")) {
      Path dir = Path.of(URI.create(base));
      return SafePaths.resolve(dir, url, "url");
    }
    return null;
  }

  private static String absolute(ActionContext ctx, String url) {
    if (hasScheme(url)) {
      return url;
    }
    String base = ctx.templateBaseUrl();
    if (base == null) {
      throw new ActionException("fetch: relative URL " + url + " without a template location");
    }
    String resolved = URI.create(base.endsWith("/") ? base : base + "/").resolve(url).toString();
    return resolved.endsWith("/") ? resolved.substring(0, resolved.length() - 1) : resolved;
  }

  private static boolean hasScheme(String url) {
    return url.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*");
  }

  private void copyTree(Path from, Path to) throws IOException {
    long[] used = new long[2];
    Files.walkFileTree(from, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
          throws IOException {
        Files.createDirectories(to.resolve(from.relativize(dir).toString()));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (attrs.isSymbolicLink() || !attrs.isRegularFile()) {
          return FileVisitResult.CONTINUE; // links are not followed out of the template
        }
        copyLimited(file, to.resolve(from.relativize(file).toString()), used);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private void copyLimited(Path file, Path dest, long[] used) throws IOException {
    long size = Files.size(file);
    count(used, size, file.getFileName().toString());
    Files.createDirectories(dest.getParent());
    Files.copy(file, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES,
        LinkOption.NOFOLLOW_LINKS);
  }

  private void count(long[] used, long size, String what) {
    ActionEnvironment.Limits l = env.limits();
    if (size > l.maxFileBytes()) {
      throw new ActionException("fetch: " + what + " is larger than " + l.maxFileBytes()
          + " bytes");
    }
    used[0]++;
    used[1] += size;
    if (used[0] > l.maxFiles()) {
      throw new ActionException("fetch: more than " + l.maxFiles() + " files");
    }
    if (used[1] > l.maxTotalBytes()) {
      throw new ActionException("fetch: more than " + l.maxTotalBytes() + " bytes in total");
    }
  }
}
