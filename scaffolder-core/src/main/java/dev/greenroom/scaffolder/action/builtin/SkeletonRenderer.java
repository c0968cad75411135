package dev.greenroom.scaffolder.action.builtin;

import static dev.greenroom.scaffolder.action.builtin.BuiltinAction.flag;
import static dev.greenroom.scaffolder.action.builtin.BuiltinAction.strings;
import static dev.greenroom.scaffolder.action.builtin.BuiltinAction.text;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.scaffolder.action.ActionContext;
import dev.greenroom.scaffolder.action.ActionException;
import dev.greenroom.scaffolder.action.SafePaths;
import dev.greenroom.scaffolder.render.TemplateRenderer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * Renders a skeleton folder into the workspace, for {@code fetch:template} (a fetched folder) and
 * {@code workspace:template} (a folder of the workspace): Backstage's algorithm, reference A.3.3.
 * File contents and paths are rendered with {@code values}; paths that render empty, absolute or
 * with {@code //} are skipped; {@code copyWithoutTemplating} globs are copied without rendering
 * their contents (paths still rendered), {@code copyWithoutRender} globs without rendering
 * either; with {@code templateFileExtension} only files with that extension are rendered (and
 * lose it); existing files are kept unless {@code replace}; binary files are copied verbatim;
 * file modes are kept. Every output path is checked to stay inside the target directory.
 */
final class SkeletonRenderer {
  /** Where the skeleton comes from; asked once the options are checked. */
  @FunctionalInterface
  interface Source {
    Path folder() throws Exception;
  }

  private final TemplateRenderer renderer;

  SkeletonRenderer(TemplateRenderer renderer) {
    this.renderer = renderer;
  }

  /**
   * Checks the options in {@code ctx}'s input, asks {@code source} for the skeleton folder and
   * renders it into the workspace's {@code targetPath}.
   *
   * @param actionId the action's id, for messages
   */
  void render(ActionContext ctx, String actionId, Source source) throws Exception {
    JsonNode in = ctx.input();
    boolean hasRender = in.has("copyWithoutRender");
    boolean hasTemplating = in.has("copyWithoutTemplating");
    if (hasRender && hasTemplating) {
      throw new ActionException(actionId + ": copyWithoutRender and copyWithoutTemplating can"
          + " not be used at the same time");
    }
    for (String f : List.of("copyWithoutRender", "copyWithoutTemplating")) {
      if (in.has(f) && !in.get(f).isArray()) {
        throw new ActionException(actionId + ": " + f + " must be an array");
      }
    }
    boolean cookiecutter = flag(ctx, "cookiecutterCompat");
    JsonNode extNode = in.get("templateFileExtension");
    String ext = null;
    if (extNode != null && !(extNode.isBoolean() && !extNode.booleanValue())) {
      if (hasRender || hasTemplating || cookiecutter) {
        throw new ActionException(actionId + ": input extension incompatible with"
            + " copyWithoutRender/copyWithoutTemplating and cookiecutterCompat");
      }
      ext = extNode.isBoolean() ? ".njk" : extNode.asString();
      if (!ext.startsWith(".")) {
        ext = "." + ext;
      }
    }
    List<String> noTemplatingGlobs = strings(ctx,
        hasRender ? "copyWithoutRender" : "copyWithoutTemplating");
    String targetPath = text(ctx, "targetPath");
    Path target = SafePaths.resolve(ctx.workspace(), targetPath == null ? "./" : targetPath,
        "targetPath");
    boolean replace = flag(ctx, "replace");
    JsonNode values = in.has("values") ? in.get("values") : Json.object();
    TemplateRenderer.Options options = new TemplateRenderer.Options(cookiecutter,
        flag(ctx, "trimBlocks"), flag(ctx, "lstripBlocks"));

    Path templateDir = source.folder();
    ctx.log("Processing " + countFiles(templateDir) + " template files/directories with input"
        + " values");

    List<PathMatcher> noTemplating = matchers(actionId, noTemplatingGlobs, templateDir);
    List<Path> entries;
    try (Stream<Path> s = Files.walk(templateDir)) {
      entries = s.filter(p -> !p.equals(templateDir)).sorted().toList();
    }
    Files.createDirectories(target);
    for (Path src : entries) {
      String rel = templateDir.relativize(src).toString().replace('\\', '/');
      boolean dir = Files.isDirectory(src, LinkOption.NOFOLLOW_LINKS);
      boolean matchedCopy = matches(noTemplating, rel, dir);
      boolean renderContents;
      String outRel;
      if (ext != null) {
        renderContents = !dir && rel.endsWith(ext);
        outRel = renderContents ? rel.substring(0, rel.length() - ext.length()) : rel;
        outRel = renderer.renderFile(rel, outRel, values, options);
      } else {
        renderContents = !matchedCopy;
        outRel = hasRender && matchedCopy ? rel : renderer.renderFile(rel, rel, values, options);
      }
      if (outRel.isEmpty() || outRel.startsWith("/") || outRel.contains("//")) {
        continue;
      }
      Path out = SafePaths.resolve(target, outRel, "rendered path of " + rel);
      if (dir) {
        Files.createDirectories(out);
        continue;
      }
      if (Files.isSymbolicLink(src)) {
        continue;
      }
      if (Files.exists(out, LinkOption.NOFOLLOW_LINKS) && !replace) {
        ctx.log("File " + outRel + " already exists in workspace, not replacing.");
        continue;
      }
      Files.createDirectories(out.getParent());
      byte[] bytes = Files.readAllBytes(src);
      if (!renderContents || isBinary(bytes)) {
        Files.copy(src, out, StandardCopyOption.REPLACE_EXISTING);
      } else {
        ctx.log("Writing file " + outRel + " to template output path with mode "
            + (Files.isExecutable(src) ? "755" : "644") + ".");
        String rendered = renderer.renderFile(rel, new String(bytes, StandardCharsets.UTF_8),
            values, options);
        Files.writeString(out, rendered);
        if (Files.isExecutable(src)) {
          out.toFile().setExecutable(true);
        }
      }
    }
    ctx.log("Template result written to " + (targetPath == null ? "./" : targetPath));
  }

  private static long countFiles(Path dir) throws java.io.IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.count() - 1;
    }
  }

  /**
   * The copy-only globs as Backstage's globby reads them, relative to the skeleton: {@code **}
   * also matches no folder at all ({@code **}{@code /x} matches {@code x}), and an entry that
   * names a folder ({@code .github/workflows/}, or a folder of the skeleton without a wildcard)
   * covers everything under it, as globby's {@code expandDirectories} has it.
   */
  private static List<PathMatcher> matchers(String actionId, List<String> globs,
      Path templateDir) {
    List<PathMatcher> out = new ArrayList<>();
    for (String g : globs) {
      String glob = g.startsWith("./") ? g.substring(2) : g;
      boolean folder = glob.endsWith("/");
      while (glob.endsWith("/") && glob.length() > 1) {
        glob = glob.substring(0, glob.length() - 1);
      }
      if (glob.isEmpty() || glob.equals("/")) {
        continue;
      }
      List<String> forms = new ArrayList<>();
      forms.add(glob);
      if (glob.startsWith("**/")) {
        forms.add(glob.substring(3));
      }
      if (glob.endsWith("/**")) {
        forms.add(glob.substring(0, glob.length() - 3));
      }
      if (folder || (!hasWildcard(glob) && isFolder(templateDir, glob))) {
        forms.add(glob + "/**");
      }
      for (String f : forms) {
        try {
          out.add(FileSystems.getDefault().getPathMatcher("glob:" + f));
        } catch (IllegalArgumentException e) {
          throw new ActionException(actionId + ": '" + g + "' is not a glob: "
              + e.getMessage());
        }
      }
    }
    return out;
  }

  private static boolean hasWildcard(String glob) {
    return glob.chars().anyMatch(c -> "*?[]{}!".indexOf(c) >= 0);
  }

  private static boolean isFolder(Path templateDir, String rel) {
    try {
      Path p = templateDir.resolve(rel).normalize();
      return p.startsWith(templateDir) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
    } catch (java.nio.file.InvalidPathException e) {
      return false;
    }
  }

  private static boolean matches(List<PathMatcher> ms, String rel, boolean dir) {
    Path p = Path.of(rel);
    for (PathMatcher m : ms) {
      if (m.matches(p) || (dir && m.matches(Path.of(rel + "/")))) {
        return true;
      }
    }
    return false;
  }

  /** Content sniffing as {@code isbinaryfile} does it, simplified: a NUL byte, or invalid UTF-8. */
  static boolean isBinary(byte[] bytes) {
    int n = Math.min(bytes.length, 8192);
    for (int i = 0; i < n; i++) {
      if (bytes[i] == 0) {
        return true;
      }
    }
    java.nio.charset.CharsetDecoder d = StandardCharsets.UTF_8.newDecoder();
    try {
      d.decode(java.nio.ByteBuffer.wrap(bytes, 0, n));
      return false;
    } catch (java.nio.charset.CharacterCodingException e) {
      // a multi-byte character cut at the sniffing limit is not binary
      return n == bytes.length;
    }
  }
}
