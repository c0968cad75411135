package dev.greenroom.http.scaffolder;

import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.InvalidEntityRefException;
import dev.greenroom.http.ApiException;
import dev.greenroom.http.ApiPlugin;
import dev.greenroom.http.Call;
import dev.greenroom.http.Router;
import dev.greenroom.http.auth.ApiPrincipal;
import dev.greenroom.http.auth.Permission;
import dev.greenroom.http.auth.UserPrincipal;
import dev.greenroom.http.auth.UserTokenIssuer;
import dev.greenroom.scaffolder.Scaffolder;
import dev.greenroom.scaffolder.action.ActionExample;
import dev.greenroom.scaffolder.action.TemplateAction;
import dev.greenroom.scaffolder.task.NewTask;
import dev.greenroom.scaffolder.task.TaskBroker;
import dev.greenroom.scaffolder.task.TaskEvent;
import dev.greenroom.scaffolder.task.TaskEventType;
import dev.greenroom.scaffolder.task.TaskPage;
import dev.greenroom.scaffolder.task.TaskQuery;
import dev.greenroom.scaffolder.task.TaskRecord;
import dev.greenroom.scaffolder.task.TaskStatus;
import dev.greenroom.scaffolder.task.TemplateTaskSpec;
import dev.greenroom.scaffolder.template.ParameterError;
import dev.greenroom.scaffolder.template.Template;
import dev.greenroom.scaffolder.template.TemplateException;
import dev.greenroom.scaffolder.template.TemplateUser;
import dev.greenroom.scaffolder.upgrade.TemplateUpgrades;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Backstage's scaffolder routes under {@code /api/scaffolder/v2} ({@code
 * plugins/scaffolder-backend/src/service/router.ts}): template parameter schemas from the catalog,
 * the action list, tasks (create, list, read without secrets, cancel, retry), the task event log as
 * a long poll and as server-sent events, and dry runs. Errors are Backstage's error bodies, except
 * invalid form values, which answer 400 {@code {errors: [...]}} as Backstage does.
 *
 * <p>Permissions as Backstage's: {@code scaffolder.task.create} to start a task, a retry or a dry
 * run, {@code scaffolder.task.read} for tasks and events, {@code scaffolder.task.cancel} to cancel;
 * a template the caller may not read ({@code catalog.entity.read}) is not found.
 *
 * <p>Bounded work: the dry-run body may be 10 MiB as in Backstage (other routes keep the server's
 * limit); dry runs run on an executor of their own (the host's, or a small pool this plugin owns
 * and {@link #close() closes}), each with a deadline after which it is stopped and the call
 * answers 503; a caller has at most a few dry runs and task creations in flight, and a user at most
 * a number of unfinished tasks (429 with {@code Retry-After} beyond).
 *
 * <p>Greenroom's template upgrades, which Backstage lacks, live beside them under {@code
 * /v2/upgrades} ({@link UpgradeRoutes}).
 *
 * <p>Differences from Backstage: event streams also write {@code id:} lines and honour {@code
 * Last-Event-ID}, so a browser's {@code EventSource} resumes where it left off; the limits above.
 *
 * <pre>{@code
 * BackendServer.builder().catalog(engine)
 *     .plugin(ScaffolderApiPlugin.builder(scaffolder, broker, engine.catalog()).build())
 *     .build().start();
 * }</pre>
 */
public final class ScaffolderApiPlugin implements ApiPlugin, AutoCloseable {
  private static final Pattern ORDER = Pattern.compile("^(asc|desc):(.+)$");
  /** The largest page of tasks. */
  public static final int MAX_LIMIT = 1000;

  /** The default dry-run body limit: 10 MiB, Backstage's {@code express.json({limit: '10MB'})}. */
  public static final long DEFAULT_DRY_RUN_MAX_BODY_BYTES = 10L * 1024 * 1024;

  private final Scaffolder scaffolder;
  private final TaskBroker broker;
  private final Catalog catalog;
  private final Duration longPoll;
  private final Duration streamWait;
  private final Duration streamMax;
  private final DryRuns dryRuns;
  private final @Nullable UserTokenIssuer taskTokens;
  private final Map<String, AutocompleteHandler> autocomplete;

  /** How long {@code secrets.backstageToken} stays valid. */
  static final Duration TASK_TOKEN_LIFETIME = Duration.ofHours(1);
  private final @Nullable ExecutorService ownDryRunPool;
  private final CallerLimits creations;
  private final int maxUnfinishedTasks;
  private final UpgradeRoutes upgrades;

  private ScaffolderApiPlugin(Builder b) {
    this.scaffolder = b.scaffolder;
    this.broker = b.broker;
    this.catalog = b.catalog;
    this.longPoll = b.longPoll;
    this.streamWait = b.streamKeepAlive;
    this.streamMax = b.streamMax;
    Executor executor = b.dryRunExecutor;
    if (executor == null) {
      ownDryRunPool = defaultDryRunPool();
      executor = ownDryRunPool;
    } else {
      ownDryRunPool = null;
    }
    this.taskTokens = b.taskTokens;
    this.autocomplete = Map.copyOf(b.autocomplete);
    this.dryRuns = new DryRuns(scaffolder, b.dryRunDirectory, executor, b.dryRunTimeout,
        b.dryRunMaxBodyBytes, b.maxDryRunsPerCaller);
    this.creations = new CallerLimits("task creations", b.maxTaskCreationsPerCaller, 1);
    this.maxUnfinishedTasks = b.maxUnfinishedTasksPerUser;
    this.upgrades = new UpgradeRoutes(b.upgrades != null ? b.upgrades
        : TemplateUpgrades.builder(b.scaffolder).catalog(b.catalog).build(), b.catalog);
  }

  /**
   * The plugin's own dry-run pool: half the cores (at least one) run dry runs, a few more wait;
   * beyond that a dry run answers 503. Daemon threads that end when idle.
   */
  private static ExecutorService defaultDryRunPool() {
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(4 * threads),
            r -> {
              Thread t = new Thread(r, "greenroom-dry-run-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.AbortPolicy());
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /**
   * Stops the plugin's own dry-run pool (running dry runs are interrupted); an executor the host
   * passed is the host's to close.
   */
  @Override
  public void close() {
    if (ownDryRunPool != null) {
      ownDryRunPool.shutdownNow();
    }
  }

  /**
   * A builder.
   *
   * @param scaffolder templates, actions and the runner (for parameter schemas, validation, the
   *     action list and dry runs)
   * @param broker the task system
   * @param catalog where templates are looked up
   */
  public static Builder builder(Scaffolder scaffolder, TaskBroker broker, Catalog catalog) {
    return new Builder(scaffolder, broker, catalog);
  }

  /**
   * A builder over a scaffolder that owns its tasks ({@code Scaffolder.builder().taskStore(..)}).
   *
   * @throws IllegalStateException when the scaffolder has no task store
   */
  public static Builder builder(Scaffolder scaffolder, Catalog catalog) {
    return new Builder(scaffolder, scaffolder.tasks(), catalog);
  }

  @Override
  public String id() {
    return "scaffolder";
  }

  /** Backstage's other scaffolder permissions, which its frontend asks about. */
  static final List<Permission> FRONTEND_PERMISSIONS = List.of(
      Permission.of("scaffolder.action.execute", false),
      Permission.of("scaffolder.template.parameter.read", false),
      Permission.of("scaffolder.template.step.read", false),
      Permission.of("scaffolder.template.management", false));

  @Override
  public List<Permission> permissions() {
    List<Permission> all = new ArrayList<>(List.of(
        Permission.TASK_CREATE, Permission.TASK_READ, Permission.TASK_CANCEL,
        Permission.TASK_APPROVE));
    all.addAll(FRONTEND_PERMISSIONS);
    return all;
  }

  /** {@code scaffolder-task} with {@code IS_TASK_OWNER} ({@link ScaffolderPermissionRules}). */
  @Override
  public List<dev.greenroom.http.auth.PermissionResource<?>> permissionResources() {
    return List.of(ScaffolderPermissionRules.taskResource(broker));
  }

  @Override
  public void routes(Router r) {
    r.get("/openapi.json", java.util.Set.of(),
        dev.greenroom.http.OpenApiDocument.route(ScaffolderApiPlugin.class, "openapi.json")).unauthenticated();
    r.get("/v2/templates/:namespace/:kind/:name/parameter-schema", Set.of(), this::parameterSchema);
    r.get("/v2/actions", Set.of(), this::actions);
    r.get("/v2/templating-extensions", Set.of(),
        call -> call.json(200, TemplatingExtensions.of(scaffolder.renderer())));
    r.post("/v2/autocomplete/:provider/:resource", Set.of(), this::autocomplete);
    r.post("/v2/tasks", Set.of(), this::createTask);
    r.get("/v2/tasks", Set.of("createdBy", "status", "order", "limit", "offset"), this::listTasks);
    r.get("/v2/tasks/:taskId", Set.of(), this::getTask);
    r.post("/v2/tasks/:taskId/cancel", Set.of(), this::cancel);
    r.post("/v2/tasks/:taskId/retry", Set.of(), this::retry);
    r.post("/v2/tasks/:taskId/approve", Set.of(), call -> decide(call, true));
    r.post("/v2/tasks/:taskId/reject", Set.of(), call -> decide(call, false));
    r.getLongLived("/v2/tasks/:taskId/events", Set.of("after"), this::events);
    r.getLongLived("/v2/tasks/:taskId/eventstream", Set.of("after"), this::eventStream);
    r.postLongLived("/v2/dry-run", Set.of(), dryRuns::handle);
    // Greenroom's template upgrades (UpgradeRoutes)
    r.postLongLived("/v2/upgrades/dry-run", Set.of(), upgrades::dryRun);
    r.postLongLived("/v2/upgrades", Set.of(), upgrades::upgrade);
    r.get("/v2/upgrades", Set.of("templateRef"), upgrades::fleet);
  }

  // ---- templates and actions -------------------------------------------------------------------

  private Template template(Call call, EntityRef ref) {
    if (!ref.isKind("template")) {
      throw ApiException.input("Invalid kind '" + ref.kind() + "': only Template entities can be run");
    }
    Optional<Entity> entity = catalog.entity(ref);
    if (entity.isEmpty() || !call.mayRead(entity.get())) {
      throw ApiException.notFound("Template " + ref + " not found");
    }
    try {
      return Template.fromEntity(entity.get());
    } catch (TemplateException e) {
      throw ApiException.input(e.getMessage());
    }
  }

  private void parameterSchema(Call call) throws IOException {
    EntityRef ref;
    try {
      ref = EntityRef.of(call.path("kind"), call.path("namespace"), call.path("name"));
    } catch (InvalidEntityRefException e) {
      throw ApiException.input(e.getMessage());
    }
    call.json(200, scaffolder.parameterSchema(template(call, ref)));
  }

  private void actions(Call call) throws IOException {
    ArrayNode out = Json.nodes().arrayNode();
    for (TemplateAction a : scaffolder.actions()) {
      ObjectNode n = out.addObject();
      n.put("id", a.id());
      if (!a.description().isEmpty()) {
        n.put("description", a.description());
      }
      ArrayNode examples = n.putArray("examples");
      for (ActionExample e : a.examples()) {
        examples.addObject().put("description", e.description()).put("example", e.example());
      }
      ObjectNode schema = n.putObject("schema");
      if (a.inputSchema() != null) {
        schema.set("input", a.inputSchema().deepCopy());
      }
      if (a.outputSchema() != null) {
        schema.set("output", a.outputSchema().deepCopy());
      }
    }
    call.json(200, out);
  }

  /** Backstage's 400 body for invalid form values: {@code {errors: ValidationError[]}}. */
  static ApiBody validationErrors(List<ParameterError> errors) {
    ObjectNode body = Json.object();
    ArrayNode list = body.putArray("errors");
    for (ParameterError e : errors) {
      ObjectNode n = list.addObject();
      String property = "instance" + (e.field().isEmpty() ? "" : (e.field().startsWith("[") ? "" : ".") + e.field());
      n.put("property", property);
      n.put("message", e.message());
      n.put("name", e.keyword());
      n.put("stack", property + " " + e.message());
      n.put("step", e.step());
    }
    return new ApiBody(400, body);
  }

  /** A JSON answer other than the routing core's error body. */
  record ApiBody(int status, ObjectNode body) {}

  // ---- tasks -----------------------------------------------------------------------------------

  /** The caller's user entity ref, or null for callers that are not users. */
  static @Nullable String userRef(Call call) {
    String name = call.principal().getName();
    if (name == null) {
      return null;
    }
    try {
      EntityRef ref = EntityRef.parse(name);
      return ref.isKind("user") ? ref.toString() : null;
    } catch (InvalidEntityRefException e) {
      return null;
    }
  }

  private static Map<String, String> secrets(@Nullable JsonNode node, String field) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node == null || node.isNull() || node.isMissingNode()) {
      return out;
    }
    if (!node.isObject()) {
      throw ApiException.input("'" + field + "' must be an object of strings");
    }
    node.properties()
        .forEach(
            e -> {
              if (!e.getValue().isString()) {
                throw ApiException.input("'" + field + "." + e.getKey() + "' must be a string");
              }
              out.put(e.getKey(), e.getValue().asString());
            });
    return out;
  }

  /**
   * {@code secrets.backstageToken}: a token made for this task, on behalf of the caller, never the
   * caller's own credential (a template may send its secrets anywhere). Without a {@link
   * UserTokenIssuer}, or for callers no token can be made for, tasks get none.
   */
  private void putTaskToken(Call call, Map<String, String> secrets) {
    secrets.remove("backstageToken"); // a caller cannot choose the token either
    if (taskTokens != null && !(call.principal() instanceof ApiPrincipal p
        && p.equals(ApiPrincipal.ANONYMOUS))) {
      taskTokens.issueFor(call.principal(), TASK_TOKEN_LIFETIME)
          .ifPresent(t -> secrets.put("backstageToken", t));
    }
  }

  private void autocomplete(Call call) throws IOException {
    JsonNode body = call.jsonBody();
    JsonNode token = body.get("token");
    if (token == null || !token.isString() || token.asString().isEmpty()) {
      throw ApiException.input("Missing token query parameter");
    }
    String provider = call.path("provider");
    AutocompleteHandler handler = autocomplete.get(provider);
    if (handler == null) {
      throw ApiException.input("Unsupported provider: " + provider);
    }
    JsonNode context = body.get("context");
    List<AutocompleteHandler.Result> results;
    try {
      results = handler.complete(call.path("resource"), token.asString(),
          context == null || context.isNull() ? Json.object() : context);
    } catch (IllegalArgumentException e) {
      throw ApiException.input(e.getMessage());
    }
    ObjectNode out = Json.object();
    ArrayNode list = out.putArray("results");
    for (AutocompleteHandler.Result r : results) {
      ObjectNode o = list.addObject().put("id", r.id());
      if (r.title() != null) {
        o.put("title", r.title());
      }
    }
    call.json(200, out);
  }

  private void createTask(Call call) throws IOException {
    call.require(Permission.TASK_CREATE);
    CallerLimits.Permit permit = creations.acquire(call);
    try {
      createTaskWithinLimits(call);
    } finally {
      permit.close();
    }
  }

  private void createTaskWithinLimits(Call call) throws IOException {
    String creator = userRef(call);
    if (creator != null) {
      long unfinished = broker.list(new TaskQuery(List.of(creator),
          List.of(TaskStatus.OPEN, TaskStatus.PROCESSING), List.of(), 1, 0)).totalTasks();
      if (unfinished >= maxUnfinishedTasks) {
        call.header("Retry-After", "30");
        throw ApiException.tooManyRequests("You have " + unfinished
            + " tasks that have not finished; at most " + maxUnfinishedTasks
            + " are allowed. Try again when one has finished");
      }
    }
    JsonNode body = call.jsonBody();
    JsonNode refNode = body.get("templateRef");
    if (refNode == null || !refNode.isString() || refNode.asString().isBlank()) {
      throw ApiException.input("'templateRef' is required and must be a string");
    }
    EntityRef ref;
    try {
      ref = EntityRef.parse(refNode.asString(), "template", "default");
    } catch (InvalidEntityRefException e) {
      throw ApiException.input(e.getMessage());
    }
    JsonNode values = body.get("values");
    if (values == null || values.isNull()) {
      values = Json.object();
    }
    if (!values.isObject()) {
      throw ApiException.input("'values' must be an object");
    }
    Map<String, String> secrets = secrets(body.get("secrets"), "secrets");
    Template template = template(call, ref);
    List<ParameterError> errors = scaffolder.validate(template, values);
    if (!errors.isEmpty()) {
      ApiBody b = validationErrors(errors);
      call.json(b.status(), b.body());
      return;
    }
    // as Backstage's router: values only hidden parameter steps declare do not reach the task
    values = scaffolder.parameterSteps(template, values).values();
    String user = userRef(call);
    putTaskToken(call, secrets);
    ObjectNode spec =
        TemplateTaskSpec.of(template, values, user == null ? TemplateUser.anonymous() : TemplateUser.of(user));
    TaskRecord task = broker.create(new NewTask(spec, secrets, user));
    ObjectNode out = Json.object();
    out.put("id", task.id());
    call.json(201, out);
  }

  private static int intParam(Call call, String name, int min, int max, int fallback) {
    String v = call.query(name);
    if (v == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n < min || n > max) {
        throw ApiException.input("Invalid " + name + " '" + v + "': must be between " + min + " and " + max);
      }
      return n;
    } catch (NumberFormatException e) {
      throw ApiException.input("Invalid " + name + " '" + v + "': not an integer");
    }
  }

  private void listTasks(Call call) throws IOException {
    call.require(Permission.TASK_READ);
    List<TaskStatus> statuses = new ArrayList<>();
    for (String s : call.queryAll("status")) {
      try {
        statuses.add(TaskStatus.parse(s));
      } catch (IllegalArgumentException e) {
        throw ApiException.input(e.getMessage());
      }
    }
    List<TaskQuery.Order> order = new ArrayList<>();
    for (String o : call.queryAll("order")) {
      Matcher m = ORDER.matcher(o);
      if (!m.matches()) {
        throw ApiException.input("Invalid order '" + o + "': expected asc:<field> or desc:<field>");
      }
      try {
        order.add(new TaskQuery.Order(TaskQuery.Field.parse(m.group(2)), m.group(1).equals("asc")));
      } catch (IllegalArgumentException e) {
        throw ApiException.input(e.getMessage());
      }
    }
    int limit = intParam(call, "limit", 1, MAX_LIMIT, 0);
    int offset = intParam(call, "offset", 0, Integer.MAX_VALUE, 0);
    TaskPage page =
        broker.list(new TaskQuery(call.queryAll("createdBy"), statuses, order, limit, offset));
    ObjectNode out = Json.object();
    ArrayNode tasks = out.putArray("tasks");
    page.tasks().forEach(t -> tasks.add(t.toJson()));
    out.put("totalTasks", page.totalTasks());
    call.json(200, out);
  }

  private TaskRecord task(Call call) {
    String id = call.path("taskId");
    return broker.get(id).orElseThrow(() -> ApiException.notFound("No task with id " + id + " found"));
  }

  private void getTask(Call call) throws IOException {
    call.require(Permission.TASK_READ);
    call.json(200, task(call).toJson());
  }

  private void cancel(Call call) throws IOException {
    call.require(Permission.TASK_READ);
    call.require(Permission.TASK_CANCEL);
    String id = call.path("taskId");
    switch (broker.cancel(id)) {
      case NOT_FOUND:
        throw ApiException.notFound("No task with id " + id + " found");
      case CONFLICT:
        throw ApiException.conflict(
            "Task " + id + " has already ended with status "
                + broker.get(id).map(t -> t.status().wire()).orElse("unknown"));
      default:
        ObjectNode out = Json.object();
        out.put("status", TaskStatus.CANCELLED.wire());
        call.json(200, out);
    }
  }

  private void retry(Call call) throws IOException {
    call.require(Permission.TASK_READ);
    call.require(Permission.TASK_CREATE);
    String id = call.path("taskId");
    JsonNode body = call.jsonBody();
    Map<String, String> secrets = secrets(body.get("secrets"), "secrets");
    putTaskToken(call, secrets);
    switch (broker.retry(id, secrets)) {
      case NOT_FOUND:
        throw ApiException.notFound("No task with id " + id + " found");
      case CONFLICT:
        throw ApiException.conflict(
            "Task " + id + " cannot be retried: its status is "
                + broker.get(id).map(t -> t.status().wire()).orElse("unknown")
                + " (only failed or cancelled tasks can be retried)");
      default:
        ObjectNode out = Json.object();
        out.put("id", id);
        call.json(201, out);
    }
  }

  /**
   * Approves or rejects a waiting task ({@code approval:request}): the caller needs {@code
   * scaffolder.task.approve} and must be one of the step's approvers, by user ref or through a
   * group in their ownership refs; the body may hold a {@code comment}.
   */
  private void decide(Call call, boolean approve) throws IOException {
    call.require(Permission.TASK_READ);
    call.require(Permission.TASK_APPROVE);
    String id = call.path("taskId");
    JsonNode body = call.jsonBody();
    JsonNode c = body.get("comment");
    if (c != null && !c.isNull() && !c.isString()) {
      throw ApiException.input("comment must be a string");
    }
    String comment = c == null || c.isNull() ? null : c.asString();
    if (comment != null && comment.length() > 4000) {
      throw ApiException.input("comment is longer than 4000 characters");
    }
    if (!(call.principal() instanceof UserPrincipal user)) {
      throw ApiException.notAllowed("Only a signed-in user can "
          + (approve ? "approve" : "reject") + " a task");
    }
    TaskBroker.Decision d = new TaskBroker.Decision(approve, user.userEntityRef(),
        java.util.Set.copyOf(user.ownershipEntityRefs()), comment);
    switch (broker.decide(id, d)) {
      case NOT_FOUND:
        throw ApiException.notFound("No task with id " + id + " found");
      case FORBIDDEN:
        throw ApiException.notAllowed(user.userEntityRef() + " is not an approver of task " + id);
      case CONFLICT:
        throw ApiException.conflict("Task " + id + " does not wait for approval: its status is "
            + broker.get(id).map(t -> t.status().wire()).orElse("unknown"));
      default:
        ObjectNode out = Json.object();
        out.put("id", id);
        out.put("status", broker.get(id).map(t -> t.status().wire()).orElse("unknown"));
        call.json(200, out);
    }
  }

  private static long after(@Nullable String v) {
    if (v == null || v.isBlank()) {
      return 0;
    }
    try {
      long n = Long.parseLong(v.trim());
      if (n < 0) {
        throw ApiException.input("Invalid after '" + v + "': must not be negative");
      }
      return n;
    } catch (NumberFormatException e) {
      throw ApiException.input("Invalid after '" + v + "': not an event id");
    }
  }

  private void events(Call call) throws IOException {
    call.require(Permission.TASK_READ);
    TaskRecord task = task(call);
    long after = after(call.query("after"));
    List<TaskEvent> events;
    try {
      events = broker.awaitEvents(task.id(), after, longPoll);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      events = List.of();
    }
    ArrayNode out = Json.nodes().arrayNode();
    events.forEach(e -> out.add(e.toJson()));
    call.json(200, out);
  }

  private void eventStream(Call call) throws IOException {
    call.require(Permission.TASK_READ);
    TaskRecord task = task(call);
    String lastId = call.headers().firstValue("last-event-id").orElse(null);
    long after = after(lastId != null && !lastId.isBlank() ? lastId : call.query("after"));
    call.header("Cache-Control", "no-cache");
    call.header("X-Accel-Buffering", "no");
    long deadline = System.nanoTime() + streamMax.toNanos();
    try (OutputStream out = call.stream(200, "text/event-stream")) {
      out.write(": connected\n\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      while (System.nanoTime() < deadline) {
        List<TaskEvent> events;
        try {
          events = broker.awaitEvents(task.id(), after, streamWait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        if (events.isEmpty()) {
          out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8)); // fails once the client left
          out.flush();
          continue;
        }
        StringBuilder chunk = new StringBuilder();
        boolean end = false;
        for (TaskEvent e : events) {
          chunk.append("id: ").append(e.id()).append('\n');
          chunk.append("event: ").append(e.type().wire()).append('\n');
          chunk.append("data: ").append(Json.write(e.toJson())).append("\n\n");
          after = e.id();
          end |= e.type() == TaskEventType.COMPLETION;
        }
        out.write(chunk.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        if (end) {
          return;
        }
      }
    } catch (IOException e) {
      // the client went away; nothing to answer
    }
  }

  /** Configures a {@link ScaffolderApiPlugin}. */
  public static final class Builder {
    private final Scaffolder scaffolder;
    private final TaskBroker broker;
    private final Catalog catalog;
    private Duration longPoll = Duration.ofSeconds(30);
    private Duration streamKeepAlive = Duration.ofSeconds(15);
    private Duration streamMax = Duration.ofHours(1);
    private @Nullable Path dryRunDirectory;
    private @Nullable UserTokenIssuer taskTokens;
    private final Map<String, AutocompleteHandler> autocomplete = new LinkedHashMap<>();
    private @Nullable Executor dryRunExecutor;
    private Duration dryRunTimeout = Duration.ofSeconds(60);
    private long dryRunMaxBodyBytes = DEFAULT_DRY_RUN_MAX_BODY_BYTES;
    private int maxDryRunsPerCaller = 2;
    private int maxTaskCreationsPerCaller = 4;
    private int maxUnfinishedTasksPerUser = 50;
    private @Nullable TemplateUpgrades upgrades;

    private Builder(Scaffolder scaffolder, TaskBroker broker, Catalog catalog) {
      this.scaffolder = Objects.requireNonNull(scaffolder, "scaffolder");
      this.broker = Objects.requireNonNull(broker, "broker");
      this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    /** How long {@code GET .../events} waits for an event before answering {@code []}; default 30 s. */
    /**
     * Makes the {@code secrets.backstageToken} each task gets, on behalf of its creator (valid
     * one hour); default none: tasks get no token.
     */
    public Builder taskTokens(UserTokenIssuer issuer) {
      this.taskTokens = Objects.requireNonNull(issuer, "issuer");
      return this;
    }

    /**
     * The template upgrades behind {@code /v2/upgrades} (diff, upgrade, fleet); default one over
     * the scaffolder and catalog with old versions from git history, no push credentials and no
     * pull requests (the pushed branch is reported).
     */
    public Builder upgrades(TemplateUpgrades upgrades) {
      this.upgrades = Objects.requireNonNull(upgrades, "upgrades");
      return this;
    }

    /** Answers {@code POST /v2/autocomplete/<provider>/:resource} with this handler. */
    public Builder autocomplete(String provider, AutocompleteHandler handler) {
      if (!provider.matches("[a-zA-Z0-9-]+")) {
        throw new IllegalArgumentException("invalid autocomplete provider id: " + provider);
      }
      autocomplete.put(provider, Objects.requireNonNull(handler, "handler"));
      return this;
    }

    public Builder longPollTimeout(Duration d) {
      this.longPoll = positive(d, "long poll timeout");
      return this;
    }

    /** How often an idle event stream writes a keep-alive comment; default 15 s. */
    public Builder eventStreamKeepAlive(Duration d) {
      this.streamKeepAlive = positive(d, "keep-alive interval");
      return this;
    }

    /**
     * How long one event stream stays open at most (the client reconnects and resumes with {@code
     * Last-Event-ID}); default 1 h.
     */
    public Builder eventStreamMaxDuration(Duration d) {
      this.streamMax = positive(d, "event stream duration");
      return this;
    }

    /** Where dry runs make their temporary folders; default the system's temporary folder. */
    public Builder dryRunDirectory(Path dir) {
      this.dryRunDirectory = Objects.requireNonNull(dir);
      return this;
    }

    /**
     * The executor dry runs run on; default a pool of the plugin's own (half the cores, closed by
     * {@link ScaffolderApiPlugin#close()}). A host's executor must run work on threads of its
     * own (not the caller's) and should be bounded: one that rejects work makes the dry run
     * answer 503. Its threads are interrupted to stop a dry run.
     */
    public Builder dryRunExecutor(Executor executor) {
      this.dryRunExecutor = Objects.requireNonNull(executor);
      return this;
    }

    /**
     * How long a dry run may take in all (waiting for a thread included); past it the run is
     * stopped and the call answers 503. Default 60 s. Each render inside it has its own, shorter
     * deadline ({@code Scaffolder.Builder.renderTimeout}).
     */
    public Builder dryRunTimeout(Duration timeout) {
      this.dryRunTimeout = positive(timeout, "dry-run timeout");
      return this;
    }

    /** The largest dry-run body (template, values and files); default 10 MiB, as Backstage's. */
    public Builder dryRunMaxBodyBytes(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("dry-run body limit must be positive");
      }
      this.dryRunMaxBodyBytes = bytes;
      return this;
    }

    /** How many dry runs one caller may have running at once; default 2; 429 beyond. */
    public Builder maxDryRunsPerCaller(int max) {
      this.maxDryRunsPerCaller = atLeastOne(max, "maxDryRunsPerCaller");
      return this;
    }

    /** How many task creations one caller may have in flight at once; default 4; 429 beyond. */
    public Builder maxTaskCreationsPerCaller(int max) {
      this.maxTaskCreationsPerCaller = atLeastOne(max, "maxTaskCreationsPerCaller");
      return this;
    }

    /**
     * How many unfinished (open or processing) tasks one user may have; default 50; creating
     * another answers 429. Callers that are not users (services) are not counted.
     */
    public Builder maxUnfinishedTasksPerUser(int max) {
      this.maxUnfinishedTasksPerUser = atLeastOne(max, "maxUnfinishedTasksPerUser");
      return this;
    }

    private static int atLeastOne(int n, String what) {
      if (n < 1) {
        throw new IllegalArgumentException(what + " must be at least 1");
      }
      return n;
    }

    private static Duration positive(Duration d, String what) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive");
      }
      return d;
    }

    /** The plugin. */
    public ScaffolderApiPlugin build() {
      return new ScaffolderApiPlugin(this);
    }
  }
}
