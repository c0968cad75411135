package dev.greenroom.scaffolder.upgrade;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.scaffolder.run.RunRequest;
import dev.greenroom.scaffolder.run.TemplateRunner;
import dev.greenroom.scaffolder.template.Template;
import dev.greenroom.scaffolder.template.TemplateProvenance;
import dev.greenroom.scaffolder.template.TemplateUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders the files a template puts into a repository: runs only its rendering steps for real in
 * a scratch workspace (no publishing, registering or other effects) and reads back what they left
 * under the repository root (the workspace, or the first {@code publish:*} step's literal {@code
 * sourcePath}). The parameter schemas are left out so that secret fields, never recorded, are not
 * required; the version is pinned on the rendered copy so that {@code catalog:write} records the
 * version of the template, not of the copy.
 */
final class Renderer {
  static final int MAX_FILES = 5_000;
  static final long MAX_BYTES = 100L * 1024 * 1024;

  private final TemplateRunner runner;

  Renderer(TemplateRunner runner) {
    this.runner = runner;
  }

  static boolean rendersFiles(String action) {
    return action.startsWith("fetch:") || action.startsWith("workspace:template")
        || action.startsWith("fs:") || action.equals("catalog:write");
  }

  Map<String, byte[]> render(Template template, String version, ObjectNode values,
      @Nullable String userRef, Path dir) {
    ObjectNode entity = template.entity();
    ObjectNode spec = (ObjectNode) entity.get("spec");
    ArrayNode kept = Json.nodes().arrayNode();
    String root = ".";
    for (JsonNode step : spec.path("steps")) {
      String action = step.path("action").asString("");
      if (rendersFiles(action)) {
        kept.add(step);
      } else if (action.startsWith("publish:") && root.equals(".")) {
        String src = step.path("input").path("sourcePath").asString("");
        if (!src.isBlank() && !src.contains("${{")) {
          root = src;
        }
      }
    }
    spec.set("steps", kept);
    spec.remove("parameters");
    spec.remove("output");
    ObjectNode annotations = entity.withObject("metadata").withObject("annotations");
    annotations.put(TemplateProvenance.TEMPLATE_VERSION_ANNOTATION, version);
    Template copy = Template.fromJson(entity, template.baseUrl());
    Path workspace = dir.resolve("workspace");
    RunRequest request = RunRequest.builder(copy, workspace)
        .taskId("upgrade-" + dir.getFileName())
        .parameters(values)
        .user(userRef == null ? TemplateUser.anonymous() : TemplateUser.of(userRef))
        .build();
    try {
      Files.createDirectories(workspace);
      runner.run(request);
      Path base = dev.greenroom.scaffolder.action.SafePaths.resolve(workspace, root, "sourcePath");
      return read(base);
    } catch (IOException e) {
      throw new UncheckedIOException("rendering " + template.ref() + " at " + version + " failed", e);
    }
  }

  private static Map<String, byte[]> read(Path base) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    if (!Files.isDirectory(base)) {
      return out;
    }
    long[] used = new long[2];
    Files.walkFileTree(base, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
        return d.getFileName() != null && d.getFileName().toString().equals(".git")
            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
        if (!attrs.isRegularFile()) {
          return FileVisitResult.CONTINUE;
        }
        if (++used[0] > MAX_FILES || (used[1] += attrs.size()) > MAX_BYTES) {
          throw new UpgradeException(UpgradeException.Reason.INPUT, "the template renders more"
              + " than " + MAX_FILES + " files or " + MAX_BYTES + " bytes");
        }
        out.put(base.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
        return FileVisitResult.CONTINUE;
      }
    });
    return out;
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a scratch directory under the scaffolder's workspace root
    }
  }
}
