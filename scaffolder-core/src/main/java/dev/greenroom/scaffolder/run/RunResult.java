package dev.greenroom.scaffolder.run;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * What a finished run produced.
 *
 * @param output the rendered {@code spec.output} ({@code links}, {@code text}, other keys); an
 *     empty object when the template has none
 * @param stepOutputs every step's output by step id, in step order (skipped steps absent, steps
 *     completed in a previous run included)
 * @param files for a dry run, the files left in the workspace (sorted by path); empty otherwise
 * @param log every log line of the run, in order (masked)
 */
public record RunResult(
    JsonNode output,
    Map<String, JsonNode> stepOutputs,
    List<WorkspaceFile> files,
    List<LogLine> log) {
  public RunResult {
    Objects.requireNonNull(output, "output");
    stepOutputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(stepOutputs));
    files = List.copyOf(files);
    log = List.copyOf(log);
  }

  /**
   * One log line.
   *
   * @param stepId the step, or null for the run itself
   * @param message the masked message
   */
  public record LogLine(@org.jspecify.annotations.Nullable String stepId, String message) {
    public LogLine {
      Objects.requireNonNull(message, "message");
    }
  }
}
