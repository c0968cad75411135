package dev.greenroom.scaffolder;

import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.location.UrlReader;
import dev.greenroom.scaffolder.action.ActionEnvironment;
import dev.greenroom.scaffolder.action.Actions;
import dev.greenroom.scaffolder.action.RemoteTargets;
import dev.greenroom.scaffolder.action.SafePaths;
import dev.greenroom.scaffolder.action.TemplateAction;
import dev.greenroom.scaffolder.render.TemplateFilter;
import dev.greenroom.scaffolder.render.TemplateFunction;
import dev.greenroom.scaffolder.render.TemplateRenderer;
import dev.greenroom.scaffolder.run.RunRequest;
import dev.greenroom.scaffolder.run.RunResult;
import dev.greenroom.scaffolder.run.TemplateRunner;
import dev.greenroom.scaffolder.run.WorkspaceFile;
import dev.greenroom.scaffolder.run.internal.DefaultTemplateRunner;
import dev.greenroom.scaffolder.task.RecoveryStrategy;
import dev.greenroom.scaffolder.task.TaskBroker;
import dev.greenroom.scaffolder.task.TaskStore;
import dev.greenroom.scaffolder.task.TaskWorkerPool;
import dev.greenroom.scaffolder.task.TemplateTaskHandler;
import dev.greenroom.scaffolder.task.WaitingListener;
import dev.greenroom.scaffolder.template.ParameterError;
import dev.greenroom.scaffolder.template.ParameterSteps;
import dev.greenroom.scaffolder.template.ParameterValidator;
import dev.greenroom.scaffolder.template.Template;
import dev.greenroom.scaffolder.template.TemplateException;
import dev.greenroom.scaffolder.template.TemplateUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The scaffolder: templates from the catalog, their parameter schemas and validation, dry runs,
 * the registered actions, the {@link TemplateRunner} the task layer drives and, with a task
 * store, the tasks themselves: a {@link TaskBroker} and a {@link TaskWorkerPool} it owns.
 *
 * <pre>{@code
 * Scaffolder scaffolder = Scaffolder.builder()
 *     .defaultActions()
 *     .catalogEngine(engine)
 *     .taskStore(JdbcTaskStore.create(dataSource))   // optional: durable tasks
 *     .concurrency(4)
 *     .build();
 * Template t = scaffolder.template(EntityRef.parse("template:default/docs-template"));
 * RunResult r = scaffolder.dryRun(t, values, Map.of(), TemplateUser.anonymous());
 * scaffolder.start();                                // workers claim tasks
 * TaskRecord task = scaffolder.tasks().create(new NewTask(spec, secrets, "user:default/jane"));
 * scaffolder.close();                                // stops the workers, not the store
 * }</pre>
 *
 * <p>Thread-safe once built.
 */
public final class Scaffolder implements AutoCloseable {
  private final Map<String, TemplateAction> actions;
  private final TemplateRenderer renderer;
  private final ActionEnvironment environment;
  private final @Nullable Catalog catalog;
  private final Path workspaceRoot;
  private final TemplateRunner runner;
  private final @Nullable TaskBroker broker;
  private final @Nullable TaskWorkerPool workers;
  private final java.util.concurrent.atomic.AtomicBoolean started =
      new java.util.concurrent.atomic.AtomicBoolean();

  private Scaffolder(Builder b, Map<String, TemplateAction> actions, TemplateRenderer renderer,
      ActionEnvironment env) {
    this.actions = actions;
    this.renderer = renderer;
    this.environment = env;
    this.catalog = b.catalog != null ? b.catalog : b.engine != null ? b.engine.catalog() : null;
    this.workspaceRoot = b.workspaceRoot;
    this.runner = new DefaultTemplateRunner(actions, renderer, b.limits.maxTotalBytes());
    if (b.taskStore != null) {
      TaskBroker.Builder tb = TaskBroker.builder(b.taskStore).clock(b.taskClock);
      b.waitingListeners.forEach(tb::waitingListener);
      this.broker = tb.build();
      TemplateTaskHandler handler = TemplateTaskHandler.builder(runner)
          .workingDirectory(b.taskWorkingDirectory != null ? b.taskWorkingDirectory
              : b.workspaceRoot.resolve("tasks"))
          .meterRegistry(b.meters)
          .build();
      TaskWorkerPool.Builder pool = TaskWorkerPool.builder(broker, handler)
          .meterRegistry(b.meters)
          .concurrency(b.concurrency)
          .clock(b.taskClock)
          .defaultRecovery(b.recovery);
      if (b.staleAfter != null) {
        pool.staleAfter(b.staleAfter);
      }
      if (b.taskExecutor != null) {
        pool.executor(b.taskExecutor);
      }
      if (b.taskScheduler != null) {
        pool.scheduler(b.taskScheduler);
      }
      this.workers = pool.build();
    } else {
      this.broker = null;
      this.workers = null;
    }
  }

  /**
   * The tasks: create, list, cancel, retry, decide, events.
   *
   * @throws IllegalStateException when the scaffolder was built without a {@link
   *     Builder#taskStore task store}
   */
  public TaskBroker tasks() {
    if (broker == null) {
      throw new IllegalStateException("this scaffolder has no task store: build it with"
          + " Scaffolder.builder().taskStore(...)");
    }
    return broker;
  }

  /**
   * The ids of the tasks this scaffolder's workers run now; empty without a task store or before
   * {@link #start()}. For health checks and metrics.
   */
  public List<String> runningTasks() {
    return workers == null ? List.of() : workers.runningTasks();
  }

  /** Whether the scaffolder runs tasks ({@link Builder#taskStore} was given). */
  public boolean hasTasks() {
    return broker != null;
  }

  /**
   * Starts the task workers (they claim open tasks up to the concurrency limit); does nothing
   * without a task store or when started already.
   *
   * @return this scaffolder
   */
  public Scaffolder start() {
    if (workers != null && started.compareAndSet(false, true)) {
      workers.start();
    }
    return this;
  }

  /** Stops the task workers (running tasks get the shutdown grace) and the broker; not the store. */
  @Override
  public void close() {
    if (workers != null) {
      workers.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The template with {@code ref} from the catalog, its base URL taken from its location.
   *
   * @throws TemplateException when there is no catalog, no such entity, or it is not a v1beta3
   *     Template
   */
  public Template template(EntityRef ref) {
    if (catalog == null) {
      throw new TemplateException("No catalog configured to look up " + ref);
    }
    Optional<Entity> e = catalog.entity(ref);
    if (e.isEmpty()) {
      throw new TemplateException("Template " + ref + " not found in the catalog");
    }
    if (!e.get().isKind("Template")) {
      throw new TemplateException(ref + " is a " + e.get().kind() + ", not a Template");
    }
    return Template.fromEntity(e.get());
  }

  /**
   * Backstage's {@code GET /v2/templates/:ns/:kind/:name/parameter-schema} body: {@code {title,
   * description?, presentation?, 'ui:options'?, steps: [{title, description?, schema}]}}.
   */
  public ObjectNode parameterSchema(Template template) {
    ObjectNode out = Json.object();
    out.put("title", template.title());
    if (template.description() != null) {
      out.put("description", template.description());
    }
    if (template.presentation() != null) {
      out.set("presentation", template.presentation());
    }
    JsonNode uiOptions = template.metadata().get("ui:options");
    if (uiOptions != null) {
      out.set("ui:options", uiOptions);
    }
    ArrayNode steps = out.putArray("steps");
    for (ObjectNode p : template.parameterSteps()) {
      ObjectNode s = steps.addObject();
      JsonNode title = p.get("title");
      s.put("title", title != null && title.isString() ? title.stringValue()
          : "Please enter the following information");
      if (p.get("description") != null && p.get("description").isString()) {
        s.put("description", p.get("description").stringValue());
      }
      s.set("schema", p);
    }
    JsonNode decorators = template.entity().path("spec").get("EXPERIMENTAL_formDecorators");
    if (decorators != null) {
      out.set("EXPERIMENTAL_formDecorators", decorators);
    }
    return out;
  }

  /** The problems with {@code values} for {@code template}, per field; empty when valid. */
  public List<ParameterError> validate(Template template, JsonNode values) {
    if (!values.isObject()) {
      return ParameterValidator.validate(template, values);
    }
    return ParameterValidator.validate(template, values, parameterSteps(template, values).visible());
  }

  /**
   * Which of {@code template}'s parameter steps apply to {@code values} (their {@code when}
   * conditions), and the values without those only hidden steps declare: what Backstage's router
   * hands to a task or dry run ({@link ParameterSteps}). {@code values} must be an object.
   */
  public ParameterSteps.Resolved parameterSteps(Template template, JsonNode values) {
    return ParameterSteps.resolve(template, values, DefaultTemplateRunner.conditions(renderer));
  }

  /**
   * Runs the template without effects outside a temporary workspace (deleted afterwards), as
   * Backstage's {@code POST /v2/dry-run}: actions that do not support dry runs are skipped, and
   * the result lists the files produced and the log.
   *
   * @throws dev.greenroom.scaffolder.template.ParameterValidationException for invalid values
   * @throws dev.greenroom.scaffolder.run.StepFailedException when a step fails
   */
  public RunResult dryRun(Template template, JsonNode values, Map<String, String> secrets,
      TemplateUser user) {
    return dryRun(template, values, secrets, user, List.of());
  }

  /**
   * A dry run of a template that is not in the catalog: {@code templateFiles} (its skeleton and
   * other files, paths relative to the template) are written to a temporary directory that
   * becomes the template's base URL, as Backstage's {@code directoryContents}.
   */
  public RunResult dryRun(Template template, JsonNode values, Map<String, String> secrets,
      TemplateUser user, List<WorkspaceFile> templateFiles) {
    Path dir;
    try {
      Files.createDirectories(workspaceRoot);
      dir = Files.createTempDirectory(workspaceRoot, "dry-run-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a dry-run directory in " + workspaceRoot, e);
    }
    try {
      Template t = template;
      if (!templateFiles.isEmpty()) {
        Path contents = dir.resolve("template");
        for (WorkspaceFile f : templateFiles) {
          Path p = SafePaths.resolve(contents, f.path(), "directoryContents path");
          Files.createDirectories(p.getParent());
          Files.write(p, f.content());
          if (f.executable()) {
            p.toFile().setExecutable(true);
          }
        }
        t = template.withBaseUrl(contents.toUri().toString());
      }
      RunRequest req = RunRequest.builder(t, dir.resolve("workspace"))
          .taskId("dry-run-" + UUID.randomUUID())
          .parameters(values)
          .secrets(secrets)
          .user(user)
          .dryRun(true)
          .build();
      return runner.run(req);
    } catch (IOException e) {
      throw new UncheckedIOException("dry run of " + template.ref() + " failed", e);
    } finally {
      deleteTree(dir);
    }
  }

  /** The registered actions, sorted by id. */
  public List<TemplateAction> actions() {
    List<TemplateAction> out = new ArrayList<>(actions.values());
    out.sort(Comparator.comparing(TemplateAction::id));
    return out;
  }

  /** The action with {@code id}, if registered. */
  public Optional<TemplateAction> action(String id) {
    return Optional.ofNullable(actions.get(id));
  }

  /** The runner the task layer calls. */
  public TemplateRunner runner() {
    return runner;
  }

  /** The template engine (also for listing filters and globals). */
  public TemplateRenderer renderer() {
    return renderer;
  }

  /** The services the built-in actions use. */
  public ActionEnvironment environment() {
    return environment;
  }

  /** Where dry runs make their temporary workspaces. */
  public Path workspaceRoot() {
    return workspaceRoot;
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // best effort
    }
  }

  /** Configures a {@link Scaffolder}. */
  public static final class Builder {
    private final List<TemplateAction> explicit = new ArrayList<>();
    private boolean defaults;
    private boolean discover;
    private final TemplateRenderer.Builder renderer = TemplateRenderer.builder();
    private @Nullable CatalogEngine engine;
    private @Nullable Catalog catalog;
    private @Nullable UrlReader urlReader;
    private ActionEnvironment.Limits limits = ActionEnvironment.Limits.defaults();
    private Path workspaceRoot = Path.of(System.getProperty("java.io.tmpdir"), "greenroom-scaffolder");
    private String authorName = "Scaffolder";
    private String authorEmail = "scaffolder@backstage.io";
    private String commitMessage = "initial commit";
    private RemoteTargets fetchTargets = RemoteTargets.publicOnly();
    private RemoteTargets publishTargets = RemoteTargets.publicOnly();
    private @Nullable TaskStore taskStore;
    private int concurrency = 10;
    private @Nullable Path taskWorkingDirectory;
    private java.time.Clock taskClock = java.time.Clock.systemUTC();
    private RecoveryStrategy recovery = RecoveryStrategy.NONE;
    private java.time.@Nullable Duration staleAfter;
    private java.util.concurrent.@Nullable ExecutorService taskExecutor;
    private java.util.concurrent.@Nullable ScheduledExecutorService taskScheduler;
    private final List<WaitingListener> waitingListeners = new ArrayList<>();
    private io.micrometer.core.instrument.MeterRegistry meters =
        new io.micrometer.core.instrument.composite.CompositeMeterRegistry();

    private Builder() {}

    /**
     * Where the task workers' meters go (task runs and steps timed by template and result; running,
     * open and waiting tasks; {@code docs/metrics.md} lists them); default an empty composite
     * registry, which records nothing. Only tasks run by workers are measured, not dry runs.
     */
    public Builder meterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
      this.meters = java.util.Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * Where tasks are kept (memory, H2 or PostgreSQL); with it the scaffolder owns a {@link
     * TaskBroker} ({@link Scaffolder#tasks()}) and a worker pool ({@link Scaffolder#start()}). The
     * host keeps owning the store: closing the scaffolder does not close it.
     */
    public Builder taskStore(TaskStore store) {
      this.taskStore = java.util.Objects.requireNonNull(store, "store");
      return this;
    }

    /** How many tasks run at once in this process; default 10 (Backstage's). */
    public Builder concurrency(int tasks) {
      if (tasks < 0) {
        throw new IllegalArgumentException("concurrency must not be negative");
      }
      this.concurrency = tasks;
      return this;
    }

    /** The folder under which each task run gets its workspace; default {@code <workspaceRoot>/tasks}. */
    public Builder taskWorkingDirectory(Path dir) {
      this.taskWorkingDirectory = java.util.Objects.requireNonNull(dir, "dir");
      return this;
    }

    /** The clock that stamps tasks and events; default UTC system clock. */
    public Builder taskClock(java.time.Clock clock) {
      this.taskClock = java.util.Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * What happens to a task whose worker died, unless its template says otherwise; default
     * {@link RecoveryStrategy#NONE} (it fails as stale), as Backstage.
     */
    public Builder recovery(RecoveryStrategy strategy) {
      this.recovery = java.util.Objects.requireNonNull(strategy, "strategy");
      return this;
    }

    /** How long a task's heartbeat may be silent before it counts as stale; default the pool's. */
    public Builder staleAfter(java.time.Duration d) {
      this.staleAfter = java.util.Objects.requireNonNull(d, "staleAfter");
      return this;
    }

    /** The host's executor that runs tasks; default the pool's own (closed with it). */
    public Builder taskExecutor(java.util.concurrent.ExecutorService executor) {
      this.taskExecutor = java.util.Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** The host's scheduler for heartbeats, claims and recovery; default the pool's own. */
    public Builder taskScheduler(java.util.concurrent.ScheduledExecutorService scheduler) {
      this.taskScheduler = java.util.Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /** Told when a task starts waiting for a decision (approvers to notify). */
    public Builder waitingListener(WaitingListener listener) {
      this.waitingListeners.add(java.util.Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** Registers an action (it replaces a built-in with the same id). */
    public Builder action(TemplateAction action) {
      explicit.add(action);
      return this;
    }

    /** Registers actions. */
    public Builder actions(Collection<? extends TemplateAction> actions) {
      explicit.addAll(actions);
      return this;
    }

    /** Registers the built-in actions ({@link Actions#defaults(ActionEnvironment)}). */
    public Builder defaultActions() {
      this.defaults = true;
      return this;
    }

    /** Registers the actions found by {@link Actions#discover()}. */
    public Builder discoverActions() {
      this.discover = true;
      return this;
    }

    /** Adds a template filter. */
    public Builder filter(String name, TemplateFilter filter) {
      renderer.filter(name, filter);
      return this;
    }

    /** Adds a global function. */
    public Builder function(String name, TemplateFunction fn) {
      renderer.function(name, fn);
      return this;
    }

    /** Adds a global value. */
    public Builder global(String name, JsonNode value) {
      renderer.global(name, value);
      return this;
    }

    /**
     * How long one render of a template value or skeleton file may run (default 10 s); past it
     * the step fails with a {@link dev.greenroom.scaffolder.render.RenderLimitException}.
     */
    public Builder renderTimeout(java.time.Duration timeout) {
      renderer.renderTimeout(timeout);
      return this;
    }

    /**
     * The largest output of one render and the largest string a template may build, in
     * characters (default 20 Mi).
     */
    public Builder maxRenderedChars(int chars) {
      renderer.maxRenderedChars(chars);
      return this;
    }

    /** The work one render may do, in characters produced (default 100 million). */
    public Builder maxRenderWork(long units) {
      renderer.maxRenderWork(units);
      return this;
    }

    /** The catalog engine: {@code catalog:register}, {@code catalog:fetch}, template lookup. */
    public Builder catalogEngine(CatalogEngine engine) {
      this.engine = engine;
      return this;
    }

    /** A catalog without processing, for {@code catalog:fetch} and template lookup. */
    public Builder catalog(Catalog catalog) {
      this.catalog = catalog;
      return this;
    }

    /** Reads http(s) URLs for {@code fetch:*}; {@code file:} URLs work without one. */
    public Builder urlReader(UrlReader reader) {
      this.urlReader = reader;
      return this;
    }

    /** Limits on what a fetch may bring into the workspace. */
    public Builder limits(ActionEnvironment.Limits limits) {
      this.limits = limits;
      return this;
    }

    /** Where dry runs make their workspaces (default: the system temp directory). */
    public Builder workspaceRoot(Path root) {
      this.workspaceRoot = root;
      return this;
    }

    /** Commit author for {@code publish:git} (Backstage's {@code scaffolder.defaultAuthor}). */
    public Builder defaultAuthor(String name, String email) {
      this.authorName = name;
      this.authorEmail = email;
      return this;
    }

    /** Commit message for {@code publish:git} ({@code scaffolder.defaultCommitMessage}). */
    public Builder defaultCommitMessage(String message) {
      this.commitMessage = message;
      return this;
    }

    /**
     * Where {@code fetch:*} may read absolute URLs from, on top of the URL reader's own checks:
     * default {@link RemoteTargets#publicOnly()} (hosts that resolve to public addresses). A host
     * whose templates fetch from an internal server allows it here ({@code greenroom serve} allows
     * the hosts of {@code backend.reading.allow}).
     */
    public Builder fetchTargets(RemoteTargets targets) {
      this.fetchTargets = java.util.Objects.requireNonNull(targets, "targets");
      return this;
    }

    /**
     * Where {@code publish:git} may push: default {@link RemoteTargets#publicOnly()}, so that a
     * template cannot push into a repository on the server's disk or to an internal address. A host
     * allows its internal git server, or a folder of local bare repositories, here.
     */
    public Builder publishTargets(RemoteTargets targets) {
      this.publishTargets = java.util.Objects.requireNonNull(targets, "targets");
      return this;
    }

    /**
     * The scaffolder.
     *
     * @throws IllegalArgumentException when two explicitly registered actions share an id
     */
    public Scaffolder build() {
      TemplateRenderer r = renderer.build();
      Catalog c = catalog != null ? catalog : engine != null ? engine.catalog() : null;
      ActionEnvironment env = new ActionEnvironment(engine, c, urlReader, r, limits, authorName,
          authorEmail, commitMessage, fetchTargets, publishTargets);
      Map<String, TemplateAction> map = new LinkedHashMap<>();
      if (defaults) {
        for (TemplateAction a : Actions.defaults(env)) {
          map.put(a.id(), a);
        }
      }
      if (discover) {
        for (TemplateAction a : Actions.discover()) {
          map.put(a.id(), a);
        }
      }
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (TemplateAction a : explicit) {
        if (!seen.add(a.id())) {
          throw new IllegalArgumentException("two actions registered with id " + a.id());
        }
        map.put(a.id(), a);
      }
      return new Scaffolder(this, Map.copyOf(map), r, env);
    }
  }
}
