package dev.greenroom.scaffolder.run.internal;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.scaffolder.action.ActionContext;
import dev.greenroom.scaffolder.action.ActionException;
import dev.greenroom.scaffolder.action.SafePaths;
import dev.greenroom.scaffolder.run.RunRequest;
import dev.greenroom.scaffolder.run.SecretMasker;
import dev.greenroom.scaffolder.template.TemplateUser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The {@link ActionContext} of one action call. */
final class StepContext implements ActionContext {
  private final RunRequest request;
  private final String stepId;
  private final ObjectNode input;
  private final @Nullable JsonNode each;
  private final boolean dryRun;
  private final ObjectNode outputs;
  private final boolean gather;
  private final Consumer<String> logger;
  private final List<Path> tempDirs;
  private final SecretMasker masker;

  StepContext(RunRequest request, String stepId, ObjectNode input, @Nullable JsonNode each,
      boolean dryRun, ObjectNode outputs, boolean gather, Consumer<String> logger,
      List<Path> tempDirs, SecretMasker masker) {
    this.request = request;
    this.stepId = stepId;
    this.input = input;
    this.each = each;
    this.dryRun = dryRun;
    this.outputs = outputs;
    this.gather = gather;
    this.logger = logger;
    this.tempDirs = tempDirs;
    this.masker = masker;
  }

  @Override
  public ObjectNode input() {
    return input;
  }

  @Override
  public Path workspace() {
    return request.workspace().toAbsolutePath().normalize();
  }

  @Override
  public Path resolve(String relative) {
    return SafePaths.resolve(workspace(), relative, "path");
  }

  @Override
  public void output(String name, JsonNode value) {
    synchronized (outputs) {
      if (gather) {
        JsonNode cur = outputs.get(name);
        ArrayNode arr = cur instanceof ArrayNode a ? a : outputs.putArray(name);
        arr.add(value);
      } else {
        outputs.set(name, value);
      }
    }
  }

  @Override
  public void log(String message) {
    logger.accept(message);
  }

  @Override
  public Path createTemporaryDirectory() {
    try {
      Path parent = workspace().getParent() == null ? workspace() : workspace().getParent();
      Path dir = Files.createTempDirectory(parent, workspace().getFileName() + "_step-" + stepId.replaceAll("[^A-Za-z0-9_-]", "_") + "-");
      tempDirs.add(dir);
      return dir;
    } catch (IOException e) {
      throw new ActionException("cannot create a temporary directory for step " + stepId + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public boolean isDryRun() {
    return dryRun;
  }

  @Override
  public TemplateUser user() {
    return request.user();
  }

  @Override
  public Map<String, String> secrets() {
    return request.secrets();
  }

  @Override
  public String taskId() {
    return request.taskId();
  }

  @Override
  public String stepId() {
    return stepId;
  }

  @Override
  public String templateRef() {
    return request.template().ref().toString();
  }

  @Override
  public dev.greenroom.scaffolder.template.TemplateProvenance provenance() {
    return dev.greenroom.scaffolder.template.TemplateProvenance.of(request.template(),
        request.parameters(), request.secrets(), request.user().ref());
  }

  @Override
  public @Nullable String templateBaseUrl() {
    return request.template().baseUrl();
  }

  @Override
  public @Nullable JsonNode each() {
    return each;
  }

  @Override
  public JsonNode checkpoint(String key, Supplier<JsonNode> work) {
    String k = "v1.task.checkpoint." + stepId + "." + key;
    Optional<JsonNode> prev = request.checkpoints().get(k);
    if (prev.isPresent() && "success".equals(prev.get().path("status").asString(""))) {
      JsonNode v = prev.get().get("value");
      return v == null ? Json.object() : v;
    }
    try {
      JsonNode v = work.get();
      JsonNode value = v == null ? Json.object() : v;
      ObjectNode stored = Json.object();
      stored.put("status", "success");
      stored.set("value", value);
      request.checkpoints().put(k, stored);
      return value;
    } catch (dev.greenroom.scaffolder.run.RunSuspendedException e) {
      throw e; // not a failure: the work runs again when the task is resumed
    } catch (RuntimeException e) {
      ObjectNode stored = Json.object();
      stored.put("status", "failed");
      stored.put("reason", masker.mask(String.valueOf(e.getMessage())));
      request.checkpoints().put(k, stored);
      throw e;
    }
  }

  @Override
  public boolean isCancelled() {
    return request.cancelled().getAsBoolean();
  }
}
