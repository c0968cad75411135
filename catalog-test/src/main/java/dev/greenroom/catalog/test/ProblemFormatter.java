package dev.greenroom.catalog.test;

import dev.greenroom.catalog.validation.ValidationProblem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Writes problems for people: where ({@code file:line}), which field, which document and entity,
 * what is wrong, and the source line itself.
 *
 * <pre>
 * catalog-info.yaml:9: spec.owner (document 2, component:default/foo)
 *   /spec/owner must be string - type: string
 *      9 |   owner: 42
 * </pre>
 *
 * <p>Not thread-safe: it caches the lines of the files it has shown.
 */
public final class ProblemFormatter {
  private final Map<Path, List<String>> lines = new HashMap<>();

  /** A formatter with an empty file cache. */
  public ProblemFormatter() {}

  /** One problem of {@code file}, on three lines (two when the line is unknown). */
  public String format(Path file, ValidationProblem p) {
    return format(file, p, false);
  }

  private String format(Path file, ValidationProblem p, boolean missing) {
    StringBuilder sb = new StringBuilder(file.toString());
    Integer line = p.line();
    if (line != null && line > 0) {
      sb.append(':').append(line);
    }
    sb.append(": ").append(p.field().isEmpty() ? "(document)" : p.field());
    if (missing) {
      sb.append(" is missing");
    }
    sb.append(" (document ").append(p.documentIndex() + 1);
    if (p.entityRef() != null) {
      sb.append(", ").append(p.entityRef());
    }
    sb.append(")\n  ").append(p.message());
    if (line != null && line > 0) {
      String text = sourceLine(file, line);
      if (text != null) {
        sb.append('\n').append(String.format("  %5d | %s", line, text));
      }
    }
    return sb.toString();
  }

  /**
   * One problem of a checked document; when the field is absent from the document (a missing
   * required property), says so, since the line shown is then where its parent starts.
   */
  public String format(CheckedDocument d, ValidationProblem p) {
    boolean missing = d.raw() != null && !p.field().isEmpty() && !present(d.raw().root(), p.field());
    return format(d.file(), p, missing);
  }

  private static boolean present(JsonNode root, String dotted) {
    JsonNode n = root;
    for (String part : dotted.split("\\.")) {
      if (n.isArray() && part.chars().allMatch(Character::isDigit)) {
        n = n.path(Integer.parseInt(part));
      } else {
        n = n.path(part);
      }
      if (n.isMissingNode()) {
        return false;
      }
    }
    return true;
  }

  /** The text of a 1-based line of a file, or null when unavailable. */
  public @Nullable String sourceLine(Path file, int line) {
    List<String> l = lines.computeIfAbsent(file, f -> {
      try {
        return Files.readAllLines(f, StandardCharsets.UTF_8);
      } catch (IOException | RuntimeException e) {
        return List.of();
      }
    });
    if (line < 1 || line > l.size()) {
      return null;
    }
    String s = l.get(line - 1);
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }
}
