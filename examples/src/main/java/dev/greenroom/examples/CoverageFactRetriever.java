package dev.greenroom.examples;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.scorecard.fact.FactField;
import dev.greenroom.scorecard.fact.FactRetriever;
import dev.greenroom.scorecard.fact.FactRetrieverContext;
import dev.greenroom.scorecard.fact.FactType;
import dev.greenroom.scorecard.fact.RetrievedFacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A custom fact retriever: test coverage per component, read from the Istanbul {@code
 * json-summary} report ({@code coverage/coverage-summary.json}) that each service's CI leaves in
 * a shared reports folder.
 *
 * <p>A component opts in with the annotation {@value #ANNOTATION}, the report's path inside that
 * folder ({@code payments/coverage-summary.json}); the retriever's entity filter selects only
 * components that have it. Facts, under the id {@value #ID}:
 *
 * <ul>
 *   <li>{@code hasReport} (boolean): a readable report was found;
 *   <li>{@code lineCoverage}, {@code branchCoverage} (float, percent): {@code total.lines.pct} and
 *       {@code total.branches.pct}; null when the report has none (Istanbul writes {@code
 *       "Unknown"} when nothing was counted);
 *   <li>{@code reportedAt} (datetime): when the report file was last written;
 *   <li>{@code reportProblem} (string): why there are no figures (missing file, bad JSON, a path
 *       outside the folder), naming the entity, annotation and file; null when all is well.
 * </ul>
 *
 * <p>A bad report is a fact about that entity, not a failure of the run: the other entities still
 * get their facts, and the problem shows in the scorecard's reasons. Reports are read only inside
 * the folder and up to {@link #MAX_REPORT_BYTES}. Stateless, so safe on any scheduler thread.
 */
public final class CoverageFactRetriever implements FactRetriever {
  /** The retriever id; checks list it in {@code factIds}. */
  public static final String ID = "acmeCoverage";
  /** The annotation naming a component's report, relative to the reports folder. */
  public static final String ANNOTATION = "acme.example/coverage-report";
  /** The largest report read (1 MiB); Istanbul's summary of a large repository is far smaller. */
  public static final long MAX_REPORT_BYTES = 1024 * 1024;

  private final Path reports;

  /** A retriever reading reports under {@code reportsFolder}. */
  public CoverageFactRetriever(Path reportsFolder) {
    this.reports = Objects.requireNonNull(reportsFolder, "reportsFolder").toAbsolutePath().normalize();
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String version() {
    return "1.0.0"; // raise it when the fields change; the highest version is the current schema
  }

  @Override
  public String title() {
    return "Test coverage";
  }

  @Override
  public String description() {
    return "Line and branch coverage from each component's Istanbul coverage-summary.json";
  }

  @Override
  public EntityPredicate entityFilter() {
    // catalog filter keys are lower-cased paths: kind=component and the annotation present
    return EntityPredicate.all(List.of(
        EntityPredicate.eq("kind", "component"),
        EntityPredicate.exists("metadata.annotations." + ANNOTATION, true)));
  }

  @Override
  public List<FactField> schema() {
    return List.of(
        FactField.of("hasReport", FactType.BOOLEAN, "a readable coverage report was found"),
        FactField.of("lineCoverage", FactType.FLOAT, "line coverage, percent (total.lines.pct)"),
        FactField.of("branchCoverage", FactType.FLOAT, "branch coverage, percent (total.branches.pct)"),
        FactField.of("reportedAt", FactType.DATETIME, "when the report file was last written"),
        FactField.of("reportProblem", FactType.STRING, "why there are no figures, or null"));
  }

  @Override
  public List<RetrievedFacts> handler(FactRetrieverContext ctx) {
    List<RetrievedFacts> out = new ArrayList<>();
    // the context's filter is this retriever's; a catalog scan, not one query per entity
    ctx.catalog().forEach(ctx.entityFilter(), null, entity -> {
      ObjectNode facts = Json.object();
      String problem = read(entity, facts);
      if (problem != null) {
        ctx.logger().warn("{}: {}", ID, problem);
        facts.put("hasReport", false);
        facts.putNull("lineCoverage");
        facts.putNull("branchCoverage");
        facts.putNull("reportedAt");
        facts.put("reportProblem", problem);
      }
      out.add(RetrievedFacts.of(entity.ref(), facts));
    });
    return out;
  }

  /** Fills {@code facts} from the entity's report; returns the problem instead when there is one. */
  private @Nullable String read(Entity entity, ObjectNode facts) {
    String where = entity.ref() + " annotation " + ANNOTATION;
    String relative = entity.metadata().annotation(ANNOTATION);
    if (relative == null || relative.isBlank()) {
      return where + " is empty";
    }
    Path file;
    try {
      file = reports.resolve(relative.strip()).normalize();
    } catch (InvalidPathException e) {
      return where + ": '" + relative + "' is not a valid path";
    }
    if (!file.startsWith(reports)) {
      return where + ": '" + relative + "' leads outside the reports folder";
    }
    try {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        return where + ": no report at " + relative;
      }
      if (!file.toRealPath().startsWith(reports.toRealPath())) {
        return where + ": '" + relative + "' leads outside the reports folder through a link";
      }
      if (Files.size(file) > MAX_REPORT_BYTES) {
        return where + ": " + relative + " is larger than " + MAX_REPORT_BYTES + " bytes";
      }
      JsonNode total = Json.mapper().readTree(Files.readAllBytes(file)).path("total");
      if (!total.isObject()) {
        return where + ": " + relative + " has no 'total' object (not an Istanbul json-summary)";
      }
      facts.put("hasReport", true);
      putPercent(facts, "lineCoverage", total.path("lines").path("pct"));
      putPercent(facts, "branchCoverage", total.path("branches").path("pct"));
      facts.put("reportedAt", Files.getLastModifiedTime(file).toInstant().toString());
      facts.putNull("reportProblem");
      return null;
    } catch (JacksonException e) {
      return where + ": " + relative + " is not JSON: " + e.getOriginalMessage();
    } catch (IOException e) {
      return where + ": cannot read " + relative + ": " + e.getMessage();
    }
  }

  private static void putPercent(ObjectNode facts, String name, JsonNode pct) {
    if (pct.isNumber() && pct.asDouble() >= 0 && pct.asDouble() <= 100) {
      facts.put(name, pct.asDouble());
    } else {
      facts.putNull(name); // "Unknown" (nothing counted), missing, or out of range
    }
  }
}
