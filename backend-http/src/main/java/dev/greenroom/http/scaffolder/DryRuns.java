package dev.greenroom.http.scaffolder;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.http.ApiException;
import dev.greenroom.http.Call;
import dev.greenroom.http.auth.Permission;
import dev.greenroom.scaffolder.Scaffolder;
import dev.greenroom.scaffolder.run.RunListener;
import dev.greenroom.scaffolder.run.RunRequest;
import dev.greenroom.scaffolder.run.RunResult;
import dev.greenroom.scaffolder.run.StepFailedException;
import dev.greenroom.scaffolder.run.WorkspaceFile;
import dev.greenroom.scaffolder.task.BackstageRunEvents;
import dev.greenroom.scaffolder.run.SecretMasker;
import dev.greenroom.scaffolder.task.TemplateTaskSpec;
import dev.greenroom.scaffolder.task.WorkspaceSnapshots;
import dev.greenroom.scaffolder.template.ParameterError;
import dev.greenroom.scaffolder.template.ParameterValidationException;
import dev.greenroom.scaffolder.template.Template;
import dev.greenroom.scaffolder.template.TemplateException;
import dev.greenroom.scaffolder.template.TemplateUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /v2/dry-run}: runs an inline template in a fresh folder with no side effects. As in
 * Backstage, the submitted {@code directoryContents} (the template's own folder: skeletons and
 * files next to {@code template.yaml}) are written to a folder that becomes the template's base
 * URL, and the steps run in an empty workspace; actions without dry-run support are skipped by the
 * runner. The answer carries the log, the files left in the workspace (base64), the rendered output
 * and the steps.
 */
final class DryRuns {
  /** At most this many submitted files. */
  static final int MAX_FILES = 2_000;

  private final Scaffolder scaffolder;
  private final @Nullable Path root;

  DryRuns(Scaffolder scaffolder, @Nullable Path root) {
    this.scaffolder = scaffolder;
    this.root = root;
  }

  void handle(Call call) throws IOException {
    call.require(Permission.TASK_CREATE);
    JsonNode body = call.jsonBody();
    JsonNode templateJson = body.get("template");
    if (templateJson == null || !templateJson.isObject()) {
      throw ApiException.input("'template' is required and must be a Template entity object");
    }
    Template template;
    try {
      template = Template.fromJson(templateJson, null);
    } catch (TemplateException e) {
      throw ApiException.input(e.getMessage());
    }
    JsonNode values = body.get("values");
    if (values == null || values.isNull()) {
      values = Json.object();
    }
    if (!values.isObject()) {
      throw ApiException.input("'values' must be an object");
    }
    Map<String, String> secrets = new java.util.LinkedHashMap<>();
    JsonNode s = body.get("secrets");
    if (s != null && !s.isNull()) {
      if (!s.isObject()) {
        throw ApiException.input("'secrets' must be an object of strings");
      }
      s.properties().forEach(e -> secrets.put(e.getKey(), e.getValue().isString() ? e.getValue().asString() : Json.write(e.getValue())));
    }
    List<ParameterError> errors = scaffolder.validate(template, values);
    if (!errors.isEmpty()) {
      ScaffolderApiPlugin.ApiBody b = ScaffolderApiPlugin.validationErrors(errors);
      call.json(b.status(), b.body());
      return;
    }

    Path base = root != null ? root : Path.of(System.getProperty("java.io.tmpdir"));
    Files.createDirectories(base);
    Path dir = Files.createTempDirectory(base, "greenroom-dry-run-");
    try {
      Path contents = Files.createDirectories(dir.resolve("template"));
      Path workspace = Files.createDirectories(dir.resolve("workspace"));
      writeContents(body.get("directoryContents"), contents);
      Template t = template.withBaseUrl(contents.toUri().toString());
      String user = ScaffolderApiPlugin.userRef(call);
      ArrayNode log = Json.nodes().arrayNode();
      SecretMasker masker = SecretMasker.of(secrets);
      RunListener listener =
          new BackstageRunEvents(
              (message, stepId, status) -> {
                ObjectNode b = log.addObject().putObject("body");
                b.put("message", masker.mask(message));
                if (stepId != null) {
                  b.put("stepId", stepId);
                }
                if (status != null) {
                  b.put("status", status);
                }
              },
              null);
      RunResult result;
      try {
        result =
            scaffolder
                .runner()
                .run(
                    RunRequest.builder(t, workspace)
                        .taskId("dry-run-" + UUID.randomUUID())
                        .parameters(values)
                        .secrets(secrets)
                        .user(user == null ? TemplateUser.anonymous() : TemplateUser.of(user))
                        .dryRun(true)
                        .build(),
                    listener);
      } catch (ParameterValidationException e) {
        ScaffolderApiPlugin.ApiBody b = ScaffolderApiPlugin.validationErrors(e.errors());
        call.json(b.status(), b.body());
        return;
      } catch (StepFailedException e) {
        throw ApiException.input("Dry run failed in step " + e.stepId() + ": " + masker.mask(String.valueOf(e.getMessage())));
      } catch (TemplateException e) {
        throw ApiException.input(masker.mask(String.valueOf(e.getMessage())));
      }
      ObjectNode out = Json.object();
      out.set("log", log);
      ArrayNode files = out.putArray("directoryContents");
      for (WorkspaceFile f : result.files()) {
        ObjectNode n = files.addObject();
        n.put("path", f.path());
        n.put("executable", f.executable());
        n.put("base64Content", f.base64Content());
      }
      out.set("output", masker.mask(result.output()));
      out.set(
          "steps",
          TemplateTaskSpec.of(t, values, TemplateUser.anonymous()).get("steps").deepCopy());
      call.json(200, out);
    } finally {
      WorkspaceSnapshots.deleteTree(dir);
    }
  }

  /** Writes the submitted files; every path stays inside {@code contents}. */
  static void writeContents(@Nullable JsonNode list, Path contents) throws IOException {
    if (list == null || list.isNull()) {
      return;
    }
    if (!list.isArray()) {
      throw ApiException.input("'directoryContents' must be an array of {path, base64Content}");
    }
    if (list.size() > MAX_FILES) {
      throw ApiException.input("'directoryContents' has " + list.size() + " files; at most " + MAX_FILES);
    }
    Path rootDir = contents.toAbsolutePath().normalize();
    int i = 0;
    for (JsonNode f : list) {
      String where = "directoryContents[" + i++ + "]";
      JsonNode p = f.get("path");
      JsonNode c = f.get("base64Content");
      if (p == null || !p.isString() || p.asString().isBlank()) {
        throw ApiException.input(where + ".path is required");
      }
      String path = p.asString();
      Path target = rootDir.resolve(path).normalize();
      if (path.startsWith("/") || path.startsWith("\\") || Path.of(path).isAbsolute()
          || !target.startsWith(rootDir) || target.equals(rootDir)) {
        throw ApiException.input(where + ".path '" + path + "' must stay inside the template folder");
      }
      byte[] bytes;
      try {
        bytes = c == null || c.isNull() ? new byte[0] : Base64.getDecoder().decode(c.asString());
      } catch (IllegalArgumentException e) {
        throw ApiException.input(where + ".base64Content is not base64: " + e.getMessage());
      }
      try {
        Files.createDirectories(target.getParent());
        Files.write(target, bytes);
        JsonNode x = f.get("executable");
        if (x != null && x.asBoolean(false)) {
          target.toFile().setExecutable(true);
        }
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
    }
  }
}
