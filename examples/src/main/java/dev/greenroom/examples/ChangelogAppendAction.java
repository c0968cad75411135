package dev.greenroom.examples;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.scaffolder.action.ActionContext;
import dev.greenroom.scaffolder.action.ActionException;
import dev.greenroom.scaffolder.action.ActionExample;
import dev.greenroom.scaffolder.action.TemplateAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * A custom scaffolder action, {@code acme:changelog:append}: adds a release section to a
 * <a href="https://keepachangelog.com/">Keep a Changelog</a> file in the task's workspace.
 *
 * <pre>{@code
 * - id: changelog
 *   action: acme:changelog:append
 *   input:
 *     path: CHANGELOG.md          # default; relative to the workspace, ../ is refused
 *     version: ${{ parameters.version }}
 *     entries: ["${{ parameters.change }}"]
 * }</pre>
 *
 * <p>The new section ({@code ## [1.2.0] - 2026-11-25} and one {@code - } line per entry) goes above
 * the newest existing release, below the file's title; a missing file is created with a {@code #
 * Changelog} title. A version that already has a section is refused. Outputs: {@code path} (the
 * file, relative to the workspace), {@code heading} (the line written) and {@code created}.
 *
 * <p>It touches nothing but the workspace, so it supports dry runs and behaves the same in them.
 * Stateless and thread-safe: one instance serves every run. Registered explicitly with {@code
 * Scaffolder.builder().action(new ChangelogAppendAction())} or found by {@code discoverActions()}
 * through {@code META-INF/services/dev.greenroom.scaffolder.action.TemplateAction} (hence the
 * public no-argument constructor).
 */
public final class ChangelogAppendAction implements TemplateAction {
  /** The id steps name. */
  public static final String ID = "acme:changelog:append";
  /** The largest changelog the action reads (1 MiB); a bigger file is refused, not loaded. */
  public static final long MAX_CHANGELOG_BYTES = 1024 * 1024;

  // validated by the runner before execute() is called: required fields, types, the date's form
  private static final JsonNode INPUT_SCHEMA = Json.parse("""
      {"type": "object", "required": ["version", "entries"], "additionalProperties": false,
       "properties": {
         "path": {"type": "string", "title": "Changelog file",
                  "description": "Relative to the workspace", "default": "CHANGELOG.md"},
         "version": {"type": "string", "title": "Version", "minLength": 1, "maxLength": 100,
                     "pattern": "^[^\\\\s\\\\[\\\\]]+$"},
         "date": {"type": "string", "title": "Release date (YYYY-MM-DD)",
                  "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
                  "description": "Default: today (UTC)"},
         "entries": {"type": "array", "title": "Changes", "minItems": 1, "maxItems": 1000,
                     "items": {"type": "string", "minLength": 1, "maxLength": 2000}}}}""");

  private static final JsonNode OUTPUT_SCHEMA = Json.parse("""
      {"type": "object", "properties": {
         "path": {"type": "string", "title": "The changelog, relative to the workspace",
                  "examples": ["CHANGELOG.md"]},
         "heading": {"type": "string", "title": "The section heading written",
                     "examples": ["## [1.0.0] - 2026-01-01"]},
         "created": {"type": "boolean", "title": "True when the file did not exist"}}}""");

  private final Clock clock;

  /** The action, dating sections with today's UTC date when the input has no {@code date}. */
  public ChangelogAppendAction() {
    this(Clock.systemUTC());
  }

  /** The action, with the clock that dates sections (for tests and reproducible builds). */
  public ChangelogAppendAction(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String description() {
    return "Adds a release section to a Keep a Changelog file in the workspace";
  }

  @Override
  public List<ActionExample> examples() {
    return List.of(new ActionExample("Record the first release of a new service", """
        steps:
          - id: changelog
            action: acme:changelog:append
            input:
              version: 0.1.0
              entries:
                - Created from the ${{ parameters.name }} template
        """));
  }

  @Override
  public JsonNode inputSchema() {
    return INPUT_SCHEMA.deepCopy(); // callers may not change ours
  }

  @Override
  public JsonNode outputSchema() {
    return OUTPUT_SCHEMA.deepCopy();
  }

  @Override
  public boolean supportsDryRun() {
    return true; // it writes only inside the workspace, which a dry run throws away
  }

  @Override
  public void execute(ActionContext ctx) throws Exception {
    String relative = ctx.input().path("path").asString("");
    if (relative.isBlank()) {
      relative = "CHANGELOG.md"; // the schema's default
    }
    // every path goes through the context: absolute paths and ../ escapes are refused here
    Path file = ctx.resolve(relative);
    String version = ctx.input().path("version").asString();
    String date = ctx.input().hasNonNull("date")
        ? ctx.input().get("date").asString()
        : LocalDate.now(clock).toString();
    List<String> entries = new ArrayList<>();
    for (JsonNode e : ctx.input().path("entries")) {
      entries.add(e.asString().strip().replaceAll("\\s+", " ")); // one line per entry
    }

    boolean created = !Files.exists(file);
    List<String> lines = new ArrayList<>();
    if (created) {
      lines.add("# Changelog");
      lines.add("");
    } else {
      if (!Files.isRegularFile(file)) {
        throw new ActionException(ID + ": path " + relative + " is not a file");
      }
      if (Files.size(file) > MAX_CHANGELOG_BYTES) {
        throw new ActionException(ID + ": path " + relative + " is larger than "
            + MAX_CHANGELOG_BYTES + " bytes");
      }
      lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    String heading = "## [" + version + "] - " + date;
    int insertAt = lines.size();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith("## [" + version + "]")) {
        throw new ActionException(ID + ": " + relative + " already has a section for version "
            + version + " (line " + (i + 1) + ")");
      }
      if (line.startsWith("## ") && insertAt == lines.size()) {
        insertAt = i; // newest release first: above the first existing one
      }
    }
    List<String> section = new ArrayList<>();
    if (insertAt > 0 && !lines.get(insertAt - 1).isBlank()) {
      section.add("");
    }
    section.add(heading);
    section.add("");
    entries.forEach(e -> section.add("- " + e));
    if (insertAt < lines.size()) {
      section.add(""); // a blank line before the older release below
    }
    lines.addAll(insertAt, section);

    if (ctx.isCancelled()) {
      return; // nothing written yet: stop before the only effect
    }
    Files.createDirectories(file.getParent());
    Files.write(file, lines, StandardCharsets.UTF_8);

    String written = ctx.workspace().relativize(file).toString().replace('\\', '/');
    ctx.log((ctx.isDryRun() ? "[dry run] " : "") + (created ? "created " : "updated ") + written
        + ": " + heading + " with " + entries.size() + " entr" + (entries.size() == 1 ? "y" : "ies"));
    ctx.output("path", written);
    ctx.output("heading", heading);
    ctx.output("created", Json.nodes().booleanNode(created));
  }
}
