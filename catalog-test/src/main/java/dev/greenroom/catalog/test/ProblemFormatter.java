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
    StringBuilder sb = new StringBuilder(file.toString());
    Integer line = p.line();
    if (line != null && line > 0) {
      sb.append(':').append(line);
    }
    sb.append(": ").append(p.field().isEmpty() ? "(document)" : p.field());
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
