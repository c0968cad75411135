package dev.greenroom.scaffolder.run.internal;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.scaffolder.action.ActionException;
import dev.greenroom.scaffolder.action.TemplateAction;
import dev.greenroom.scaffolder.render.RenderException;
import dev.greenroom.scaffolder.render.TemplateRenderer;
import dev.greenroom.scaffolder.run.RunCancelledException;
import dev.greenroom.scaffolder.run.RunListener;
import dev.greenroom.scaffolder.run.RunRequest;
import dev.greenroom.scaffolder.run.RunResult;
import dev.greenroom.scaffolder.run.RunSuspendedException;
import dev.greenroom.scaffolder.run.SecretMasker;
import dev.greenroom.scaffolder.run.StepFailedException;
import dev.greenroom.scaffolder.run.TemplateRunner;
import dev.greenroom.scaffolder.run.WorkspaceFile;
import dev.greenroom.scaffolder.template.ParameterSteps;
import dev.greenroom.scaffolder.template.ParameterValidator;
import dev.greenroom.scaffolder.template.Template;
import dev.greenroom.scaffolder.template.TemplateStep;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Backstage's {@code NunjucksWorkflowRunner}, step by step.
 *
 * <p>Design note. The run keeps one JSON context ({@code parameters}, {@code steps}, {@code user},
 * {@code context}) that grows as steps complete; {@code secrets} and {@code each} are added only
 * for rendering step inputs (as Backstage does, so secrets cannot be echoed into {@code output}).
 * Each step: resume check → {@code if} → dry-run check → render {@code each} → render and validate
 * every iteration's input (all before the first call) → call the action per iteration → gather
 * outputs. Everything said to the listener passes one {@link SecretMasker}, which also learns the
 * strings that differ when an input is rendered without secrets (values derived from secrets).
 */
public final class DefaultTemplateRunner implements TemplateRunner {
  private static final SchemaRegistry SCHEMAS =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);

  private final Map<String, TemplateAction> actions;
  private final TemplateRenderer renderer;
  private final Map<String, Schema> inputSchemas = new ConcurrentHashMap<>();
  private final long maxDryRunFileBytes;

  /**
   * @param actions the registered actions by id
   * @param renderer the template engine
   * @param maxDryRunFileBytes largest total size of the files a dry run returns
   */
  public DefaultTemplateRunner(Map<String, TemplateAction> actions, TemplateRenderer renderer,
      long maxDryRunFileBytes) {
    this.actions = Map.copyOf(actions);
    this.renderer = renderer;
    this.maxDryRunFileBytes = maxDryRunFileBytes;
  }

  @Override
  public RunResult run(RunRequest request, RunListener listener) {
    ParameterValidator.check(request.template(), request.parameters(),
        parameterSteps(request.template(), request.parameters()).visible());
    SecretMasker masker = SecretMasker.of(request.secrets());
    List<RunResult.LogLine> log = Collections.synchronizedList(new ArrayList<>());
    Events events = new Events(listener, masker, log);
    try {
      Files.createDirectories(request.workspace());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create workspace " + request.workspace(), e);
    }

    ObjectNode ctx = Json.object();
    ctx.set("parameters", request.parameters().deepCopy());
    ObjectNode stepsCtx = ctx.putObject("steps");
    ObjectNode user = ctx.putObject("user");
    if (request.user().ref() != null) {
      user.put("ref", request.user().ref());
    }
    if (request.user().entity() != null) {
      user.set("entity", request.user().entity());
    }
    ObjectNode context = ctx.putObject("context");
    context.putObject("task").put("id", request.taskId());
    context.put("entityRef", request.template().ref().toString());
    context.put("isDryRun", request.dryRun());
    ObjectNode secrets = Json.object();
    request.secrets().forEach(secrets::put);

    Map<String, JsonNode> stepOutputs = new LinkedHashMap<>();
    for (TemplateStep step : request.template().steps()) {
      checkCancelled(request, step);
      JsonNode done = request.completedSteps().get(step.id());
      if (done != null) {
        stepsCtx.putObject(step.id()).set("output", done.deepCopy());
        stepOutputs.put(step.id(), done.deepCopy());
        events.skipped(step.id(), "completed in a previous run",
            "Skipping step " + step.id() + " because it completed in a previous run");
        continue;
      }
      // As Backstage: every step begins, then its if condition decides, then its action is looked up
      events.started(step.id(), step.name());
      try {
        if (!condition(step, ctx)) {
          events.skipped(step.id(), "condition was false",
              "Skipping step " + step.id() + " because its if condition was false");
          continue;
        }
      } catch (RuntimeException e) {
        throw events.fail(step.id(), "Step " + step.id() + " (" + step.name()
            + ") has an if condition that cannot be rendered: " + message(e),
            ActionException.Kind.ERROR);
      }
      TemplateAction action = actions.get(step.action());
      if (action == null) {
        throw events.fail(step.id(), "Template action with ID '" + step.action()
            + "' is not registered.", ActionException.Kind.NOT_FOUND);
      }
      if (request.dryRun()) {
        logDryRunInput(step, action, ctx, request.secrets(), events);
        if (!action.supportsDryRun()) {
          JsonNode example = exampleOutput(action.outputSchema());
          ObjectNode out = example instanceof ObjectNode o ? o : Json.object();
          stepsCtx.putObject(step.id()).set("output", out);
          stepOutputs.put(step.id(), out);
          events.skipped(step.id(), "action " + action.id() + " does not support dry run",
              "Skipping because " + action.id() + " does not support dry-run");
          continue;
        }
      }
      ObjectNode output = runStep(request, step, action, ctx, secrets, masker, events);
      stepsCtx.putObject(step.id()).set("output", output);
      stepOutputs.put(step.id(), output);
      checkCancelled(request, step);
      events.completed(step.id(), step.name(), output);
    }

    ObjectNode outputCtx = ctx.deepCopy();
    JsonNode rendered = renderer.renderValue(request.template().output(), outputCtx,
        e -> events.log(null, "Failed to render template output: " + e.getMessage()));
    // the output goes into the task's completion event: no secret may reach it, even via a step
    JsonNode output =
        masker.mask(filterConditionalItems(rendered == null ? Json.object() : rendered));
    List<WorkspaceFile> files = request.dryRun() ? listFiles(request.workspace()) : List.of();
    return new RunResult(output, stepOutputs, files, log);
  }

  /** Which parameter steps apply to {@code values}: their {@code when} rendered by this runner's engine. */
  private ParameterSteps.Resolved parameterSteps(Template template, JsonNode values) {
    return ParameterSteps.resolve(template, values, conditions(renderer));
  }

  /**
   * Backstage's {@code evaluateCondition} for parameter steps' {@code when}, with {@code renderer}:
   * the expression rendered over {@code {parameters}}, an array true when not empty, else
   * JavaScript truthiness.
   */
  public static ParameterSteps.Condition conditions(TemplateRenderer renderer) {
    return (expression, parameters) -> {
      ObjectNode ctx = Json.object();
      ctx.set("parameters", parameters);
      JsonNode r = renderer.renderValue(Json.nodes().stringNode(expression), ctx);
      return r instanceof ArrayNode a ? !a.isEmpty() : TemplateRenderer.isTruthy(r);
    };
  }

  /** An {@code if} that names {@code each} is decided per iteration (Backstage, recent versions). */
  private static boolean perIteration(TemplateStep step) {
    JsonNode cond = step.condition();
    return step.each() != null && cond != null && cond.isString()
        && cond.stringValue().matches("(?s).*\\beach\\b.*");
  }

  private boolean condition(TemplateStep step, ObjectNode ctx) {
    JsonNode cond = step.condition();
    if (cond == null || perIteration(step)) {
      return true;
    }
    if (cond.isBoolean()) {
      return cond.booleanValue();
    }
    return TemplateRenderer.isTruthy(renderer.renderValue(cond, ctx));
  }

  private ObjectNode runStep(RunRequest request, TemplateStep step, TemplateAction action,
      ObjectNode ctx, ObjectNode secrets, SecretMasker masker, Events events) {
    String id = step.id();
    // iterations
    List<@Nullable JsonNode> items = new ArrayList<>();
    if (step.each() == null) {
      items.add(null);
    } else {
      ObjectNode eachCtx = ctx.deepCopy();
      eachCtx.set("secrets", secrets);
      JsonNode each;
      try {
        each = step.each().isString() ? renderer.renderValue(step.each(), eachCtx) : step.each();
      } catch (RenderException e) {
        throw events.fail(id, "Step " + id + ": each cannot be resolved to a value: " + message(e));
      }
      if (each instanceof ArrayNode a) {
        for (int i = 0; i < a.size(); i++) {
          ObjectNode item = Json.object();
          item.put("key", String.valueOf(i));
          item.set("value", a.get(i));
          items.add(item);
        }
      } else if (each instanceof ObjectNode o) {
        for (Map.Entry<String, JsonNode> e : o.properties()) {
          ObjectNode item = Json.object();
          item.put("key", e.getKey());
          item.set("value", e.getValue());
          items.add(item);
        }
      } else {
        throw events.fail(id, "Invalid value on action " + action.id() + ".each parameter, \""
            + (step.each().isString() ? step.each().stringValue() : step.each().toString())
            + "\" cannot be resolved to a value; each must resolve to an array or object");
      }
    }
    // render and validate every iteration's input before running any
    List<ObjectNode> inputs = new ArrayList<>();
    List<JsonNode> kept = new ArrayList<>();
    for (JsonNode item : items) {
      ObjectNode inputCtx = ctx.deepCopy();
      inputCtx.set("secrets", secrets);
      if (item != null) {
        inputCtx.set("each", item);
      }
      if (perIteration(step)) {
        boolean run;
        try {
          run = TemplateRenderer.isTruthy(renderer.renderValue(step.condition(), inputCtx));
        } catch (RenderException e) {
          throw events.fail(id, "Step " + id + " (" + step.name()
              + ") has an if condition that cannot be rendered: " + message(e));
        }
        if (!run) {
          events.log(id, "Skipping iteration " + item.path("key").asString("") + " of step " + id
              + " because its if condition was false");
          continue;
        }
      }
      kept.add(item);
      JsonNode input;
      try {
        input = renderer.renderValue(step.input(), inputCtx);
        if (!secrets.isEmpty()) {
          learnDerivedSecrets(step.input(), ctx, item, input, masker);
        }
      } catch (RenderException e) {
        throw events.fail(id, "Step " + id + " (" + step.name() + "): cannot render input: "
            + message(e), ActionException.Kind.ERROR);
      }
      ObjectNode in = input instanceof ObjectNode o ? o : Json.object();
      validateInput(action, in, item, id, events);
      inputs.add(in);
    }
    ObjectNode outputs = Json.object();
    boolean gather = step.each() != null;
    for (int i = 0; i < inputs.size(); i++) {
      ObjectNode in = inputs.get(i);
      JsonNode item = kept.get(i);
      List<Path> temps = new ArrayList<>();
      StepContext sc = new StepContext(request, id, in, item, request.dryRun(), outputs, gather,
          line -> events.log(id, line), temps, masker);
      try {
        action.execute(sc);
      } catch (RunCancelledException e) {
        throw e;
      } catch (RunSuspendedException e) {
        throw e; // the task worker logs the wait when it parks the task
      } catch (Exception e) {
        // as Backstage's error names: an action's own errors say their kind, anything else
        // (a file system error, a template that cannot be rendered) is a plain Error
        throw events.fail(id, message(e), e instanceof ActionException a ? a.kind()
            : ActionException.Kind.ERROR);
      } finally {
        for (Path t : temps) {
          deleteTree(t);
        }
      }
      checkCancelled(request, step);
    }
    return outputs;
  }

  /**
   * Renders the input again without secrets: every string that differs was derived from a secret
   * and is masked from now on (Backstage's derived-secret redaction).
   */
  private void learnDerivedSecrets(JsonNode template, ObjectNode ctx, @Nullable JsonNode item,
      @Nullable JsonNode withSecrets, SecretMasker masker) {
    ObjectNode noSecrets = ctx.deepCopy();
    noSecrets.putObject("secrets");
    if (item != null) {
      noSecrets.set("each", item);
    }
    JsonNode without;
    try {
      without = renderer.renderValue(template, noSecrets);
    } catch (RenderException e) {
      without = null;
    }
    collectDifferences(withSecrets, without, masker);
  }

  private static void collectDifferences(@Nullable JsonNode a, @Nullable JsonNode b,
      SecretMasker masker) {
    if (a == null) {
      return;
    }
    if (a.isString()) {
      if (b == null || !b.isString() || !b.stringValue().equals(a.stringValue())) {
        masker.add(a.stringValue());
      }
    } else if (a instanceof ObjectNode o) {
      for (Map.Entry<String, JsonNode> e : o.properties()) {
        collectDifferences(e.getValue(), b == null ? null : b.get(e.getKey()), masker);
      }
    } else if (a instanceof ArrayNode arr) {
      for (int i = 0; i < arr.size(); i++) {
        collectDifferences(arr.get(i), b == null ? null : b.get(i), masker);
      }
    }
  }

  private void validateInput(TemplateAction action, ObjectNode input, @Nullable JsonNode item,
      String stepId, Events events) {
    JsonNode schemaJson = action.inputSchema();
    if (schemaJson == null) {
      return;
    }
    Schema schema = inputSchemas.computeIfAbsent(action.id(), k -> SCHEMAS.getSchema(schemaJson));
    List<com.networknt.schema.Error> errors = schema.validate(input);
    if (!errors.isEmpty()) {
      List<String> msgs = new ArrayList<>();
      for (com.networknt.schema.Error e : errors) {
        String field = e.getInstanceLocation().toString();
        String m = e.getMessage();
        if ("required".equals(e.getKeyword()) && e.getProperty() != null) {
          m = "requires property \"" + e.getProperty() + "\"";
        }
        msgs.add(("$".equals(field) || field.isEmpty() ? "input" : field) + ": " + m);
      }
      String key = item == null ? "" : "[" + item.path("key").asString("") + "]";
      throw events.fail(stepId, "Invalid input passed to action " + action.id() + key + ", "
          + String.join("; ", msgs));
    }
  }

  private static void checkCancelled(RunRequest request, @Nullable TemplateStep step) {
    if (request.cancelled().getAsBoolean()) {
      String id = step == null ? null : step.id();
      throw new RunCancelledException(id, step == null
          ? "Task " + request.taskId() + " has been cancelled."
          : "Step " + step.id() + " (" + step.name() + ") of task " + request.taskId()
              + " has been cancelled.");
    }
  }

  /** Backstage's {@code filterConditionalItems}: drops links/text items whose {@code if} is falsy. */
  private static JsonNode filterConditionalItems(JsonNode output) {
    if (!(output instanceof ObjectNode o)) {
      return output;
    }
    for (String key : List.of("links", "text")) {
      if (o.get(key) instanceof ArrayNode arr) {
        ArrayNode kept = Json.nodes().arrayNode();
        for (JsonNode item : arr) {
          if (item instanceof ObjectNode io && io.has("if")) {
            JsonNode cond = io.get("if");
            if (!TemplateRenderer.isTruthy(cond)) {
              continue;
            }
            ObjectNode copy = io.deepCopy();
            copy.remove("if");
            kept.add(copy);
          } else {
            kept.add(item);
          }
        }
        o.set(key, kept);
      }
    }
    return o;
  }

  /**
   * Backstage's dry-run line {@code "Running <action> in dry-run mode with inputs (secrets
   * redacted): <input as JSON.stringify(input, undefined, 2)>"}, written for every step of a dry
   * run before it runs or is skipped. As in Backstage the input is rendered with every secret
   * written {@code ***}, and a step whose input cannot be rendered fails here, also when its
   * action would be skipped. For a step with {@code each}, Backstage renders the input without an
   * item; such a line is left out when that rendering fails (the iterations render it again).
   */
  private void logDryRunInput(TemplateStep step, TemplateAction action, ObjectNode ctx,
      Map<String, String> secrets, Events events) {
    if (step.input() == null || step.input().isNull()) {
      events.log(step.id(), "Running " + action.id()
          + " in dry-run mode with inputs (secrets redacted): {}");
      return;
    }
    ObjectNode redactedCtx = ctx.deepCopy();
    ObjectNode redacted = redactedCtx.putObject("secrets");
    secrets.keySet().forEach(k -> redacted.put(k, "***"));
    JsonNode input;
    try {
      input = renderer.renderValue(step.input(), redactedCtx);
    } catch (RenderException e) {
      if (step.each() != null) {
        return;
      }
      throw events.fail(step.id(), "Step " + step.id() + " (" + step.name()
          + "): cannot render input: " + message(e), ActionException.Kind.ERROR);
    }
    StringBuilder sb = new StringBuilder();
    jsPretty(input == null ? Json.object() : input, "", sb);
    events.log(step.id(), "Running " + action.id()
        + " in dry-run mode with inputs (secrets redacted): " + sb);
  }

  /** {@code JSON.stringify(node, undefined, 2)}. */
  private static void jsPretty(JsonNode node, String pad, StringBuilder sb) {
    String inner = pad + "  ";
    if (node.isObject() && !node.isEmpty()) {
      sb.append("{\n");
      int i = 0;
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        sb.append(inner).append(Json.write(Json.nodes().stringNode(e.getKey()))).append(": ");
        jsPretty(e.getValue(), inner, sb);
        sb.append(++i < node.size() ? ",\n" : "\n");
      }
      sb.append(pad).append('}');
    } else if (node.isArray() && !node.isEmpty()) {
      sb.append("[\n");
      for (int i = 0; i < node.size(); i++) {
        sb.append(inner);
        jsPretty(node.get(i), inner, sb);
        sb.append(i + 1 < node.size() ? ",\n" : "\n");
      }
      sb.append(pad).append(']');
    } else {
      sb.append(Json.write(node));
    }
  }

  /** Backstage's {@code generateExampleOutput}: the first example, else a value of the type. */
  static JsonNode exampleOutput(@Nullable JsonNode schema) {
    if (schema == null) {
      return Json.object();
    }
    JsonNode examples = schema.get("examples");
    if (examples instanceof ArrayNode a && !a.isEmpty()) {
      return a.get(0);
    }
    String type = schema.path("type").asString("");
    switch (type) {
      case "object": {
        ObjectNode o = Json.object();
        for (Map.Entry<String, JsonNode> e : schema.path("properties").properties()) {
          o.set(e.getKey(), exampleOutput(e.getValue()));
        }
        return o;
      }
      case "array": {
        ArrayNode arr = Json.nodes().arrayNode();
        JsonNode items = schema.get("items");
        if (items != null && items.isObject()) {
          arr.add(exampleOutput(items));
        }
        return arr;
      }
      case "string":
        return Json.nodes().stringNode("<example>");
      case "number":
      case "integer":
        return Json.nodes().numberNode(0);
      case "boolean":
        return Json.nodes().booleanNode(false);
      default:
        return Json.nodes().stringNode("<unknown>");
    }
  }

  private List<WorkspaceFile> listFiles(Path workspace) {
    List<WorkspaceFile> out = new ArrayList<>();
    long total = 0;
    try (Stream<Path> s = Files.walk(workspace)) {
      List<Path> files = s.filter(Files::isRegularFile).sorted(Comparator.comparing(
          p -> workspace.relativize(p).toString().replace('\\', '/'))).toList();
      for (Path p : files) {
        byte[] b = Files.readAllBytes(p);
        total += b.length;
        if (total > maxDryRunFileBytes) {
          throw new UncheckedIOException(new IOException("dry run produced more than "
              + maxDryRunFileBytes + " bytes of files"));
        }
        out.add(new WorkspaceFile(workspace.relativize(p).toString().replace('\\', '/'), b,
            Files.isExecutable(p)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list workspace " + workspace, e);
    }
    return out;
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.delete(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, @Nullable IOException exc)
            throws IOException {
          Files.delete(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      // best effort: a temporary directory left behind is not worth failing the step
    }
  }

  private static String message(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isEmpty() ? e.getClass().getSimpleName() : m;
  }

  /** The listener, the masker and the collected log, together. */
  private static final class Events {
    private final RunListener listener;
    private final SecretMasker masker;
    private final List<RunResult.LogLine> log;

    Events(RunListener listener, SecretMasker masker, List<RunResult.LogLine> log) {
      this.listener = listener;
      this.masker = masker;
      this.log = log;
    }

    void log(@Nullable String stepId, String message) {
      String m = masker.mask(message);
      log.add(new RunResult.LogLine(stepId, m));
      listener.log(stepId, m);
    }

    void started(String stepId, String name) {
      log(stepId, "Beginning step " + name);
      listener.stepStarted(stepId, masker.mask(name));
    }

    void completed(String stepId, String name, JsonNode output) {
      log(stepId, "Finished step " + name);
      listener.stepCompleted(stepId, output);
    }

    void skipped(String stepId, String reason, String line) {
      log(stepId, line);
      listener.stepSkipped(stepId, masker.mask(reason));
    }

    /** Reports the failure (bad input) and returns the exception to throw. */
    StepFailedException fail(String stepId, String message) {
      return fail(stepId, message, ActionException.Kind.INPUT);
    }

    /** Reports the failure and returns the exception to throw. */
    StepFailedException fail(String stepId, String message, ActionException.Kind kind) {
      String m = masker.mask(message);
      log.add(new RunResult.LogLine(stepId, m));
      listener.stepFailed(stepId, m);
      return new StepFailedException(stepId, m, kind);
    }
  }
}
