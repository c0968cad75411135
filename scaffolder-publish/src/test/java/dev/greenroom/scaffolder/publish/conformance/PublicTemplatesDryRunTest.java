package dev.greenroom.scaffolder.publish.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.integrations.IntegrationsConfig;
import dev.greenroom.scaffolder.Scaffolder;
import dev.greenroom.scaffolder.publish.PublishActions;
import dev.greenroom.scaffolder.run.RunListener;
import dev.greenroom.scaffolder.run.RunRequest;
import dev.greenroom.scaffolder.run.RunResult;
import dev.greenroom.scaffolder.run.StepFailedException;
import dev.greenroom.scaffolder.run.WorkspaceFile;
import dev.greenroom.scaffolder.task.BackstageRunEvents;
import dev.greenroom.scaffolder.template.ParameterError;
import dev.greenroom.scaffolder.template.ParameterValidationException;
import dev.greenroom.scaffolder.template.Template;
import dev.greenroom.scaffolder.template.TemplateException;
import dev.greenroom.scaffolder.template.TemplateUser;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Public software templates (Red Hat Developer Hub's, backstage/software-templates, awslabs',
 * Backstage's sample templates) dry-run as the real Backstage scaffolder dry-runs them, with its
 * publish modules installed: the same answer status, the same files with the same contents (text,
 * binary, executable bits), the same rendered output, the same steps, and in the log the same
 * step status events and the same rendered input of every step. The goldens ({@code resources/conformance/public/NAME.dry-run.json}) were made
 * by {@code src/test/conformance/make-goldens.sh} with Backstage's {@code POST /v2/dry-run}; see
 * the README there. This test runs the dry run as Greenroom's {@code POST /v2/dry-run} does:
 * parameter validation, the template's files written to a folder that becomes its base URL, the
 * runner in dry-run mode with Backstage's log events.
 */
class PublicTemplatesDryRunTest {
  private static final Path ROOT = root();

  @TempDir Path tmp;

  static Stream<String> templates() throws IOException {
    try (Stream<Path> s = Files.list(ROOT)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".values.json"))
          .map(n -> n.substring(0, n.length() - ".values.json".length())).sorted().toList()
          .stream();
    }
  }

  @ParameterizedTest
  @MethodSource("templates")
  void dryRunsAsBackstage(String name) throws Exception {
    JsonNode golden = Json.parse(Files.readString(ROOT.resolve(name + ".dry-run.json")));
    JsonNode actual = dryRun(name);
    Files.createDirectories(Path.of("target", "conformance"));
    Files.writeString(Path.of("target", "conformance", name + ".actual.json"),
        Json.write(actual));

    assertThat(actual.get("status").intValue()).as("status; Greenroom said %s", actual.get("error"))
        .isEqualTo(golden.get("status").intValue());
    if (golden.get("status").intValue() != 200) {
      return;
    }
    assertThat(fieldNames(actual.get("files"))).as("file paths")
        .containsExactlyElementsOf(fieldNames(golden.get("files")));
    golden.get("files").properties().forEach(e -> assertThat(actual.get("files").get(e.getKey())
        .stringValue()).as(e.getKey()).isEqualTo(e.getValue().stringValue()));
    assertThat(actual.get("binaryFiles")).as("binary files").isEqualTo(golden.get("binaryFiles"));
    assertThat(actual.get("executables")).as("executable files")
        .isEqualTo(golden.get("executables"));
    assertThat(actual.get("output")).as("output").isEqualTo(golden.get("output"));
    assertThat(actual.get("steps")).as("steps").isEqualTo(golden.get("steps"));
    assertThat(statusEvents(actual.get("log"))).as("step status events")
        .isEqualTo(statusEvents(golden.get("log")));
    assertThat(inputLines(actual.get("log"))).as("dry-run input lines (rendered step inputs)")
        .isEqualTo(inputLines(golden.get("log")));
  }

  /** Greenroom's dry run of template {@code name}, in the golden's shape. */
  private JsonNode dryRun(String name) throws IOException {
    Path folder = ROOT.resolve(name.split("--")[0]);
    JsonNode values = Json.parse(Files.readString(ROOT.resolve(name + ".values.json")));
    ObjectNode out = Json.object();
    Template template;
    try {
      template = Template.fromYaml(name + "/template.yaml",
          Files.readString(folder.resolve("template.yaml")), null);
    } catch (TemplateException e) {
      return failure(out, 400, e.getMessage());
    }
    Scaffolder scaffolder = scaffolder();
    List<ParameterError> errors = scaffolder.validate(template, values);
    if (!errors.isEmpty()) {
      return failure(out, 400, errors.toString());
    }
    values = scaffolder.parameterSteps(template, values).values();
    Path contents = Files.createDirectories(tmp.resolve("template"));
    for (WorkspaceFile f : folderFiles(folder)) {
      Path p = contents.resolve(f.path());
      Files.createDirectories(p.getParent());
      Files.write(p, f.content());
    }
    Template t = template.withBaseUrl(contents.toUri().toString());
    ArrayNode log = Json.nodes().arrayNode();
    RunListener events = new BackstageRunEvents((message, stepId, status) -> {
      ObjectNode e = log.addObject();
      if (stepId != null) {
        e.put("stepId", stepId);
      }
      if (status != null) {
        e.put("status", status);
      }
      e.put("message", message);
    }, null);
    RunResult result;
    try {
      result = scaffolder.runner().run(RunRequest.builder(t, tmp.resolve("workspace"))
          .taskId("dry-run-" + name).parameters(values).user(TemplateUser.anonymous())
          .dryRun(true).build(), events);
    } catch (ParameterValidationException e) {
      return failure(out, 400, e.getMessage());
    } catch (StepFailedException e) {
      // the statuses DryRuns (backend-http) answers, as Backstage's error handler does
      int status = switch (e.kind()) {
        case INPUT -> 400;
        case NOT_ALLOWED -> 403;
        case NOT_FOUND -> 404;
        case ERROR -> 500;
      };
      return failure(out, status, e.getMessage());
    } catch (TemplateException e) {
      return failure(out, 400, e.getMessage());
    } catch (RuntimeException e) {
      return failure(out, 500, e.toString());
    }
    out.put("status", 200);
    ObjectNode files = out.putObject("files");
    ObjectNode binary = out.putObject("binaryFiles");
    ArrayNode executables = out.putArray("executables");
    Map<String, WorkspaceFile> sorted = new TreeMap<>();
    result.files().forEach(f -> sorted.put(f.path(), f));
    for (WorkspaceFile f : sorted.values()) {
      String text = new String(f.content(), java.nio.charset.StandardCharsets.UTF_8);
      if (java.util.Arrays.equals(text.getBytes(java.nio.charset.StandardCharsets.UTF_8),
          f.content())) {
        files.put(f.path(), text);
      } else {
        binary.put(f.path(), f.base64Content());
      }
      if (f.executable()) {
        executables.add(f.path());
      }
    }
    out.set("output", result.output());
    ArrayNode steps = out.putArray("steps");
    template.steps().forEach(s -> steps.add(s.id()));
    out.set("log", log);
    return out;
  }

  private Scaffolder scaffolder() {
    IntegrationsConfig integrations = IntegrationsConfig.parse(Json.parse("""
        {"github": [{"host": "github.com", "token": "dry-run-placeholder"}],
         "gitlab": [{"host": "gitlab.com", "token": "dry-run-placeholder"}],
         "azure": [{"host": "dev.azure.com",
                    "credentials": [{"personalAccessToken": "dry-run-placeholder"}]}]}
        """));
    PublishActions publish = PublishActions.builder().integrations(integrations).build();
    return Scaffolder.builder().defaultActions().actions(publish.actions())
        .workspaceRoot(tmp.resolve("dry")).build();
  }

  private static JsonNode failure(ObjectNode out, int status, String message) {
    out.put("status", status);
    out.putObject("error").put("message", message);
    return out;
  }

  /** The log's step status events, as "stepId status" lines. */
  private static List<String> statusEvents(JsonNode log) {
    List<String> out = new ArrayList<>();
    for (JsonNode e : log) {
      if (e.has("status")) {
        out.add(e.path("stepId").asString("") + " " + e.get("status").asString());
      }
    }
    return out;
  }

  /**
   * The log's "Running ACTION in dry-run mode with inputs (secrets redacted): INPUT" lines, each
   * step's rendered input as JSON, as "stepId message" (Backstage's logger prefixes its own with a
   * coloured {@code info: }, left out).
   */
  private static List<String> inputLines(JsonNode log) {
    List<String> out = new ArrayList<>();
    for (JsonNode e : log) {
      String m = e.path("message").asString("").replaceFirst("^\u001b\\[32minfo\u001b\\[39m: ", "");
      if (m.startsWith("Running ") && m.contains(" in dry-run mode with inputs (secrets redacted): ")) {
        out.add(e.path("stepId").asString("") + " " + m);
      }
    }
    return out;
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.properties().forEach(e -> out.add(e.getKey()));
    return out;
  }

  private static List<WorkspaceFile> folderFiles(Path folder) throws IOException {
    try (Stream<Path> s = Files.walk(folder)) {
      List<WorkspaceFile> out = new ArrayList<>();
      for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
        out.add(new WorkspaceFile(folder.relativize(p).toString().replace('\\', '/'),
            Files.readAllBytes(p), false));
      }
      return out;
    }
  }

  private static Path root() {
    try {
      return Path.of(PublicTemplatesDryRunTest.class.getResource("/conformance/public").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
