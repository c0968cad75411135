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
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
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
 *
 * <p>Bounded work: a caller has at most {@code maxPerCaller} dry runs at once (429 with {@code
 * Retry-After} beyond); the run itself happens on the dry-run executor, never on the thread that
 * answers (which the server takes from its long-lived pool), and is stopped when it passes its
 * deadline: its cancellation signal is raised and its thread interrupted, which ends a render at
 * its next check. The answer is then 503 {@code ServiceUnavailableError}. A full executor answers
 * 503 with {@code Retry-After}.
 */
final class DryRuns {
  /** At most this many submitted files. */
  static final int MAX_FILES = 2_000;

  /** How long the answering thread waits for a stopped run to end before it answers. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);

  private final Scaffolder scaffolder;
  private final @Nullable Path root;
  private final Executor executor;
  private final Duration timeout;
  private final long maxBodyBytes;
  private final CallerLimits perCaller;

  DryRuns(Scaffolder scaffolder, @Nullable Path root, Executor executor, Duration timeout,
      long maxBodyBytes, int maxPerCaller) {
    this.scaffolder = scaffolder;
    this.root = root;
    this.executor = executor;
    this.timeout = timeout;
    this.maxBodyBytes = maxBodyBytes;
    this.perCaller = new CallerLimits("dry runs", maxPerCaller, 5);
  }

  void handle(Call call) throws IOException {
    call.require(Permission.TASK_CREATE);
    CallerLimits.Permit permit = perCaller.acquire(call);
    boolean[] handedOver = new boolean[1];
    try {
      handle(call, permit, handedOver);
    } finally {
      if (!handedOver[0]) {
        permit.close();
      }
    }
  }

  /**
   * Once {@code handedOver[0]} is set, the run owns the permit and the folder: it releases them
   * when it ends (or when it is stopped before it started).
   */
  private void handle(Call call, CallerLimits.Permit permit, boolean[] handedOver)
      throws IOException {
    JsonNode body = call.jsonBody(maxBodyBytes);
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
    // as Backstage's router: values only hidden parameter steps declare do not reach the run
    values = scaffolder.parameterSteps(template, values).values();

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
      AtomicBoolean cancelled = new AtomicBoolean();
      RunRequest request =
          RunRequest.builder(t, workspace)
              .taskId("dry-run-" + UUID.randomUUID())
              .parameters(values)
              .secrets(secrets)
              .user(user == null ? TemplateUser.anonymous() : TemplateUser.of(user))
              .dryRun(true)
              .cancelled(cancelled::get)
              .build();
      Run run = new Run(() -> scaffolder.runner().run(request, listener), cancelled, () -> {
        WorkspaceSnapshots.deleteTree(dir);
        permit.close();
      });
      try {
        executor.execute(run);
      } catch (RejectedExecutionException e) {
        call.header("Retry-After", "5");
        throw ApiException.unavailable("Too many dry runs are running; try again later");
      }
      handedOver[0] = true;
      answer(call, run, t, values, log, masker);
    } finally {
      if (!handedOver[0]) {
        WorkspaceSnapshots.deleteTree(dir);
      }
    }
  }

  private void answer(Call call, Run run, Template t, JsonNode values, ArrayNode log,
      SecretMasker masker) throws IOException {
    RunResult result;
    try {
      result = run.result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      run.stop(STOP_GRACE);
      long ms = timeout.toMillis();
      throw ApiException.unavailable("Dry run did not finish within "
          + (ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms") + " and was stopped");
    } catch (InterruptedException e) {
      run.stop(Duration.ZERO);
      Thread.currentThread().interrupt();
      throw ApiException.unavailable("Dry run was stopped: the server is shutting down");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ParameterValidationException p) {
        ScaffolderApiPlugin.ApiBody b = ScaffolderApiPlugin.validationErrors(p.errors());
        call.json(b.status(), b.body());
        return;
      }
      if (cause instanceof StepFailedException f) {
        String m = "Dry run failed in step " + f.stepId() + ": "
            + masker.mask(String.valueOf(f.getMessage()));
        // the status Backstage's error handler gives the error its step threw
        throw switch (f.kind()) {
          case INPUT -> ApiException.input(m);
          case NOT_ALLOWED -> ApiException.notAllowed(m);
          case NOT_FOUND -> ApiException.notFound(m);
          case ERROR -> new ApiException("Error", 500, m);
        };
      }
      if (cause instanceof TemplateException te) {
        throw ApiException.input(masker.mask(String.valueOf(te.getMessage())));
      }
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
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
  }

  /**
   * One dry run on the executor. Whoever ends it cleans up once: the executor's thread after
   * running it, or the answering thread when it is stopped before it started (or never accepted).
   */
  private static final class Run implements Runnable {
    private static final int WAITING = 0;
    private static final int RUNNING = 1;
    private static final int ENDED = 2;

    final CompletableFuture<RunResult> result = new CompletableFuture<>();
    private final Supplier<RunResult> body;
    private final AtomicBoolean cancelled;
    private final Runnable cleanup;
    private final AtomicInteger state = new AtomicInteger(WAITING);
    private final CountDownLatch finished = new CountDownLatch(1);
    private @Nullable Thread thread;

    Run(Supplier<RunResult> body, AtomicBoolean cancelled, Runnable cleanup) {
      this.body = body;
      this.cancelled = cancelled;
      this.cleanup = cleanup;
    }

    @Override
    public void run() {
      if (!state.compareAndSet(WAITING, RUNNING)) {
        return; // stopped before it started
      }
      synchronized (this) {
        thread = Thread.currentThread();
      }
      try {
        result.complete(body.get());
      } catch (Throwable t) {
        result.completeExceptionally(t);
      } finally {
        synchronized (this) {
          thread = null;
        }
        Thread.interrupted(); // an interrupt meant for this run must not reach the pool's next task
        state.set(ENDED);
        try {
          cleanup.run();
        } finally {
          finished.countDown();
        }
      }
    }

    /**
     * Stops the run: it never starts if still queued; if running, its cancellation signal is raised
     * and its thread interrupted, and this waits up to {@code grace} for it to end.
     */
    void stop(Duration grace) {
      cancelled.set(true);
      if (state.compareAndSet(WAITING, ENDED)) {
        result.cancel(false);
        cleanup.run();
        return;
      }
      synchronized (this) {
        if (thread != null) {
          thread.interrupt();
        }
      }
      try {
        finished.await(grace.toNanos(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
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
