package dev.greenroom.http.scaffolder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.http.BackendServer;
import dev.greenroom.http.TestCatalog;
import dev.greenroom.scaffolder.Scaffolder;
import dev.greenroom.scaffolder.task.RecoveryStrategy;
import dev.greenroom.scaffolder.task.TaskBroker;
import dev.greenroom.scaffolder.task.TaskWorkerPool;
import dev.greenroom.scaffolder.task.TemplateTaskHandler;
import dev.greenroom.scaffolder.task.jdbc.JdbcTaskStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The scaffolder routes on a real server: a catalog with templates, the real runner and built-in
 * actions, tasks on H2 with a worker pool, and the JDK HTTP client.
 */
class ScaffolderRoutesTest {
  @TempDir static Path dir;
  static CatalogEngine engine;
  static JdbcTaskStore store;
  static TaskBroker broker;
  static TaskWorkerPool pool;
  static BackendServer server;
  static URI base;
  static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  static final String CATALOG =
      """
      apiVersion: backstage.io/v1alpha1
      kind: User
      metadata:
        name: jane
      spec:
        memberOf: []
      ---
      apiVersion: scaffolder.backstage.io/v1beta3
      kind: Template
      metadata:
        name: hello
        title: Hello
        description: Says hello
      spec:
        owner: team-a
        type: service
        parameters:
          - title: Who
            required: [name]
            properties:
              name:
                title: Name
                type: string
                minLength: 2
                ui:autofocus: true
        steps:
          - id: greet
            name: Greet
            action: debug:log
            input:
              message: Hello ${{ parameters.name }} with ${{ secrets.token }}
        output:
          text:
            - title: Greeting
              content: Hello ${{ parameters.name }}
      ---
      apiVersion: scaffolder.backstage.io/v1beta3
      kind: Template
      metadata:
        name: slow
      spec:
        owner: team-a
        type: service
        steps:
          - id: wait
            name: Wait
            action: debug:wait
            input:
              seconds: 60
      ---
      apiVersion: scaffolder.backstage.io/v1beta3
      kind: Template
      metadata:
        name: broken
      spec:
        owner: team-a
        type: service
        steps:
          - id: fetch
            name: Fetch
            action: fetch:plain
            input:
              url: ./does-not-exist
      ---
      apiVersion: scaffolder.backstage.io/v1beta2
      kind: Template
      metadata:
        name: old
      spec:
        owner: team-a
        type: service
        steps: []
      """;

  @BeforeAll
  static void start() throws IOException {
    Path root = dir.resolve("catalog/catalog-info.yaml");
    Files.createDirectories(root.getParent());
    Files.writeString(root, CATALOG);
    engine =
        CatalogEngine.builder()
            .rules(CatalogRules.allowAll())
            .processingDisabled()
            .allowedLocationTypes(List.of("url", "file"))
            .location("file", root.toString())
            .build();
    engine.start();
    if (!engine.awaitIdle(Duration.ofMinutes(2))) {
      throw new IllegalStateException("engine not idle");
    }
    Scaffolder scaffolder =
        Scaffolder.builder().defaultActions().catalogEngine(engine).workspaceRoot(dir.resolve("dry")).build();
    store = JdbcTaskStore.h2InMemory("routes-" + UUID.randomUUID());
    broker = TaskBroker.builder(store).pollInterval(Duration.ofMillis(50)).build();
    pool =
        TaskWorkerPool.builder(
                broker,
                TemplateTaskHandler.builder(scaffolder.runner()).workingDirectory(dir.resolve("work")).build())
            .heartbeatInterval(Duration.ofMillis(200))
            .defaultRecovery(RecoveryStrategy.NONE)
            .build()
            .start();
    server =
        BackendServer.builder()
            .host("127.0.0.1")
            .port(0)
            .catalog(engine)
            // jane calls with a static token; everybody else is anonymous
            .authenticator(dev.greenroom.http.auth.Authenticator.anyOf(List.of(
                dev.greenroom.http.auth.StaticTokenAuthenticator.of(
                    java.util.Map.of(JANE_TOKEN, "user:default/jane")),
                dev.greenroom.http.auth.Authenticator.allowAll())))
            .plugin(
                ScaffolderApiPlugin.builder(scaffolder, broker, engine.catalog())
                    .taskTokens((caller, lifetime) ->
                        java.util.Optional.of("task-token-for-" + caller.getName() + "-"
                            + lifetime.toMinutes() + "min"))
                    .autocomplete("test-provider", (resource, token, context) -> {
                      if (!resource.equals("repositories")) {
                        throw new IllegalArgumentException("unknown resource " + resource);
                      }
                      return List.of(new AutocompleteHandler.Result(
                          context.path("owner").asString("none") + "/repo-" + token.length(),
                          null));
                    })
                    .longPollTimeout(Duration.ofSeconds(2))
                    .eventStreamKeepAlive(Duration.ofMillis(500))
                    .dryRunDirectory(dir.resolve("dry"))
                    .build())
            .build()
            .start();
    base = server.baseUrl();
  }

  @AfterAll
  static void stop() {
    server.close();
    pool.close();
    store.close();
    engine.close();
  }

  static HttpResponse<String> send(HttpRequest.Builder b) {
    return TestCatalog.send(b.timeout(Duration.ofSeconds(30)));
  }


  static HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET());
  }

  static HttpResponse<String> post(String path, String json) {
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  static JsonNode json(HttpResponse<String> r) {
    return Json.parse(r.body());
  }

  static final String JANE_TOKEN = "jane-own-static-token";

  @Test
  void templatingExtensionsListBackstagesFiltersWithSchemasAndExamples() {
    HttpResponse<String> r = get("/api/scaffolder/v2/templating-extensions");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = json(r);
    JsonNode parse = body.at("/filters/parseRepoUrl");
    assertThat(parse.get("description").asString()).isNotBlank();
    assertThat(parse.at("/schema/input/type").asString()).isEqualTo("string");
    assertThat(parse.at("/schema/output/properties/owner/type").asString()).isEqualTo("string");
    assertThat(parse.get("examples").get(0).get("example").asString()).contains("parseRepoUrl");
    assertThat(body.get("filters").has("parseEntityRef")).isTrue();
    assertThat(body.get("filters").has("pick")).isTrue();
    assertThat(body.at("/globals/functions").isObject()).isTrue();
    assertThat(body.at("/globals/values").isObject()).isTrue();
  }

  @Test
  void autocompleteAsksTheProvidersHandler() {
    HttpResponse<String> r = post("/api/scaffolder/v2/autocomplete/test-provider/repositories",
        "{\"token\":\"abcd\",\"context\":{\"owner\":\"acme\"}}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(json(r).get("results").get(0).get("id").asString()).isEqualTo("acme/repo-4");
    assertThat(post("/api/scaffolder/v2/autocomplete/test-provider/repositories",
        "{\"context\":{}}").body()).contains("Missing token");
    HttpResponse<String> unknown = post("/api/scaffolder/v2/autocomplete/nope/repositories",
        "{\"token\":\"abcd\"}");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("Unsupported provider: nope");
    assertThat(post("/api/scaffolder/v2/autocomplete/test-provider/branches",
        "{\"token\":\"abcd\"}").body()).contains("unknown resource branches");
  }

  /**
   * Issue 18, item 6: {@code secrets.backstageToken} was the caller's own credential, which a
   * template can send to any URL. Now it is a token made for the task on the caller's behalf.
   */
  @Test
  void backstageTokenIsMadeForTheTaskNeverTheCallersCredential() throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(base.resolve("/api/scaffolder/v2/tasks"))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + JANE_TOKEN)
        .POST(HttpRequest.BodyPublishers.ofString("{\"templateRef\":\"template:default/slow\","
            + "\"values\":{},\"secrets\":{\"backstageToken\":\"chosen-by-caller\"}}")));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    String id = json(r).get("id").asString();
    awaitStatus(id, "processing");
    assertThat(store.secrets(id)).containsEntry("backstageToken",
        "task-token-for-user:default/jane-60min");
    assertThat(store.secrets(id).toString()).doesNotContain(JANE_TOKEN, "chosen-by-caller");
    assertThat(json(get("/api/scaffolder/v2/tasks/" + id)).get("createdBy").asString())
        .isEqualTo("user:default/jane");
    post("/api/scaffolder/v2/tasks/" + id + "/cancel", "");

    // an anonymous caller gets no token at all, whatever it sends
    String anonymous = send(HttpRequest.newBuilder(base.resolve("/api/scaffolder/v2/tasks"))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer some-other-credential")
        .POST(HttpRequest.BodyPublishers.ofString("{\"templateRef\":\"template:default/slow\","
            + "\"values\":{}}"))).body();
    String id2 = Json.parse(anonymous).get("id").asString();
    awaitStatus(id2, "processing");
    assertThat(store.secrets(id2)).doesNotContainKey("backstageToken");
    post("/api/scaffolder/v2/tasks/" + id2 + "/cancel", "");
  }

  static String createTask(String templateRef, String values, String secrets) {
    HttpResponse<String> r =
        post("/api/scaffolder/v2/tasks",
            "{\"templateRef\":\"" + templateRef + "\",\"values\":" + values + ",\"secrets\":" + secrets + "}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return json(r).get("id").asString();
  }

  /** Follows the long poll until the completion event; returns every event. */
  static List<JsonNode> eventsUntilCompletion(String id) {
    List<JsonNode> all = new ArrayList<>();
    long after = 0;
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < end) {
      HttpResponse<String> r = get("/api/scaffolder/v2/tasks/" + id + "/events?after=" + after);
      assertThat(r.statusCode()).isEqualTo(200);
      for (JsonNode e : json(r)) {
        all.add(e);
        after = e.get("id").asLong();
        if (e.get("type").asString().equals("completion")) {
          return all;
        }
      }
    }
    throw new AssertionError("no completion event for task " + id + ": " + all);
  }

  static void awaitStatus(String id, String status) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!json(get("/api/scaffolder/v2/tasks/" + id)).get("status").asString().equals(status)) {
      if (System.nanoTime() > end) {
        throw new AssertionError("task " + id + " never reached " + status);
      }
      Thread.sleep(20);
    }
  }

  @Test
  void parameterSchemaOfACatalogTemplate() {
    HttpResponse<String> r = get("/api/scaffolder/v2/templates/default/template/hello/parameter-schema");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode body = json(r);
    assertThat(body.get("title").asString()).isEqualTo("Hello");
    assertThat(body.get("steps").get(0).get("title").asString()).isEqualTo("Who");
    assertThat(body.get("steps").get(0).get("schema").get("properties").get("name").get("ui:autofocus").asBoolean())
        .isTrue();

    HttpResponse<String> missing = get("/api/scaffolder/v2/templates/default/template/nope/parameter-schema");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(json(missing).get("error").get("name").asString()).isEqualTo("NotFoundError");

    // the catalog refuses v1beta2 templates (only v1beta3 has a kind validator), as Backstage's does
    HttpResponse<String> old = get("/api/scaffolder/v2/templates/default/template/old/parameter-schema");
    assertThat(old.statusCode()).isEqualTo(404);
    // sent inline, an old template gets a clear error
    HttpResponse<String> inline =
        post("/api/scaffolder/v2/dry-run",
            "{\"template\":{\"apiVersion\":\"scaffolder.backstage.io/v1beta2\",\"kind\":\"Template\","
                + "\"metadata\":{\"name\":\"old\"},\"spec\":{\"steps\":[]}},\"values\":{}}");
    assertThat(inline.statusCode()).isEqualTo(400);
    assertThat(json(inline).get("error").get("message").asString()).contains("Unsupported apiVersion");

    assertThat(get("/api/scaffolder/v2/templates/default/component/hello/parameter-schema").statusCode())
        .isEqualTo(400);
  }

  @Test
  void actionsListTheBuiltIns() {
    HttpResponse<String> r = get("/api/scaffolder/v2/actions");
    assertThat(r.statusCode()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    JsonNode debugLog = null;
    for (JsonNode a : json(r)) {
      ids.add(a.get("id").asString());
      if (a.get("id").asString().equals("debug:log")) {
        debugLog = a;
      }
    }
    assertThat(ids).contains("debug:log", "debug:wait", "fetch:template", "fetch:plain");
    assertThat(debugLog).isNotNull();
    assertThat(debugLog.get("schema").get("input").isObject()).isTrue();
  }

  @Test
  void createTaskFollowEventsToCompletionWithoutLeakingSecrets() throws Exception {
    String secret = "ghp_verysecret123";
    String id = createTask("template:default/hello", "{\"name\":\"Ada\"}", "{\"token\":\"" + secret + "\"}");
    List<JsonNode> events = eventsUntilCompletion(id);

    JsonNode completion = events.get(events.size() - 1);
    assertThat(completion.get("body").get("message").asString()).isEqualTo("Run completed with status: completed");
    assertThat(completion.get("body").get("output").get("text").get(0).get("content").asString())
        .isEqualTo("Hello Ada");
    assertThat(events).anySatisfy(e -> {
      assertThat(e.get("body").path("stepId").asString()).isEqualTo("greet");
      assertThat(e.get("body").path("status").asString()).isEqualTo("processing");
      assertThat(e.get("body").get("message").asString()).isEqualTo("Beginning step Greet");
    });
    // the whole line is derived from the secret, so the runner masks all of it (as Backstage does)
    assertThat(events).anySatisfy(e -> {
      assertThat(e.get("body").path("stepId").asString()).isEqualTo("greet");
      assertThat(e.get("body").get("message").asString()).isEqualTo("***");
    });
    // one event per line: the runner's own "Beginning step" line is not repeated
    assertThat(events).filteredOn(e -> e.get("body").get("message").asString().equals("Beginning step Greet"))
        .hasSize(1);
    assertThat(events.toString()).doesNotContain(secret);

    HttpResponse<String> task = get("/api/scaffolder/v2/tasks/" + id);
    assertThat(task.statusCode()).isEqualTo(200);
    assertThat(json(task).get("status").asString()).isEqualTo("completed");
    assertThat(json(task).get("spec").get("templateInfo").get("entityRef").asString()).isEqualTo("template:default/hello");
    assertThat(task.body()).doesNotContain(secret);
    assertThat(json(task).has("secrets")).isFalse();

    // after= the last id: nothing new, the long poll answers [] after its timeout
    long last = completion.get("id").asLong();
    HttpResponse<String> none = get("/api/scaffolder/v2/tasks/" + id + "/events?after=" + last);
    assertThat(json(none).size()).isZero();

    HttpResponse<String> list = get("/api/scaffolder/v2/tasks?status=completed&limit=50");
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(json(list).get("tasks").toString()).contains(id).doesNotContain(secret);
    assertThat(json(list).get("totalTasks").asLong()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void eventStreamIsReadableAndEndsAfterTheCompletionEvent() throws Exception {
    String id = createTask("hello", "{\"name\":\"Bob\"}", "{}");
    HttpResponse<InputStream> r =
        CLIENT.send(
            HttpRequest.newBuilder(base.resolve("/api/scaffolder/v2/tasks/" + id + "/eventstream"))
                .timeout(Duration.ofSeconds(60))
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValue("text/event-stream");
    List<String> types = new ArrayList<>();
    List<JsonNode> data = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) { // the server closes the stream after completion
        if (line.startsWith("event: ")) {
          types.add(line.substring(7));
        } else if (line.startsWith("data: ")) {
          data.add(Json.parse(line.substring(6)));
        }
      }
    }
    assertThat(types).isNotEmpty();
    assertThat(types.get(types.size() - 1)).isEqualTo("completion");
    assertThat(types).contains("log");
    assertThat(data).hasSameSizeAs(types);
    assertThat(data.get(0).get("taskId").asString()).isEqualTo(id);

    // resuming after the last-but-one event gives just the completion
    long penultimate = data.get(data.size() - 2).get("id").asLong();
    HttpResponse<String> rest = get("/api/scaffolder/v2/tasks/" + id + "/eventstream?after=" + penultimate);
    assertThat(rest.body()).contains("event: completion").doesNotContain("event: log");
    // a browser's EventSource resumes with Last-Event-ID
    HttpResponse<String> resumed =
        send(
            HttpRequest.newBuilder(base.resolve("/api/scaffolder/v2/tasks/" + id + "/eventstream"))
                .header("Last-Event-ID", String.valueOf(penultimate)));
    assertThat(resumed.body()).contains("id: " + data.get(data.size() - 1).get("id").asLong())
        .contains("event: completion").doesNotContain("event: log");
  }

  @Test
  void cancelARunningTask() throws Exception {
    String id = createTask("template:default/slow", "{}", "{}");
    awaitStatus(id, "processing");
    Thread.sleep(200); // inside debug:wait
    HttpResponse<String> r = post("/api/scaffolder/v2/tasks/" + id + "/cancel", "");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(json(r).get("status").asString()).isEqualTo("cancelled");
    awaitStatus(id, "cancelled");
    List<JsonNode> events = eventsUntilCompletion(id);
    assertThat(events).anySatisfy(e -> {
      assertThat(e.get("type").asString()).isEqualTo("cancelled");
      assertThat(e.get("body").get("stepId").asString()).isEqualTo("wait");
    });
    // the worker lets go of the task well before debug:wait's 60 seconds
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (pool.runningTasks().contains(id) && System.nanoTime() < end) {
      Thread.sleep(20);
    }
    assertThat(pool.runningTasks()).doesNotContain(id);

    assertThat(post("/api/scaffolder/v2/tasks/nope/cancel", "").statusCode()).isEqualTo(404);
  }

  @Test
  void retryAFailedTaskAndRefuseToRetryACompletedOne() throws Exception {
    String id = createTask("broken", "{}", "{}");
    awaitStatus(id, "failed");
    HttpResponse<String> r = post("/api/scaffolder/v2/tasks/" + id + "/retry", "{}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(json(r).get("id").asString()).isEqualTo(id);
    List<JsonNode> events = eventsUntilCompletion(id);
    assertThat(events.get(0).get("type").asString()).isEqualTo("recovered");
    awaitStatus(id, "failed");
    assertThat(json(get("/api/scaffolder/v2/tasks/" + id)).get("status").asString()).isEqualTo("failed");

    String ok = createTask("hello", "{\"name\":\"Cy\"}", "{}");
    awaitStatus(ok, "completed");
    HttpResponse<String> conflict = post("/api/scaffolder/v2/tasks/" + ok + "/retry", "{}");
    assertThat(conflict.statusCode()).isEqualTo(409);
    assertThat(json(conflict).get("error").get("name").asString()).isEqualTo("ConflictError");
    assertThat(post("/api/scaffolder/v2/tasks/" + ok + "/cancel", "").statusCode()).isEqualTo(409);
    assertThat(post("/api/scaffolder/v2/tasks/nope/retry", "{}").statusCode()).isEqualTo(404);
  }

  @Test
  void badRequests() {
    HttpResponse<String> invalid =
        post("/api/scaffolder/v2/tasks", "{\"templateRef\":\"template:default/hello\",\"values\":{\"name\":\"x\"}}");
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(json(invalid).get("errors").get(0).get("property").asString()).isEqualTo("instance.name");

    HttpResponse<String> noName =
        post("/api/scaffolder/v2/tasks", "{\"templateRef\":\"template:default/hello\",\"values\":{}}");
    assertThat(noName.statusCode()).isEqualTo(400);
    assertThat(noName.body()).contains("name");

    HttpResponse<String> noRef = post("/api/scaffolder/v2/tasks", "{\"values\":{}}");
    assertThat(noRef.statusCode()).isEqualTo(400);
    assertThat(json(noRef).get("error").get("name").asString()).isEqualTo("InputError");
    assertThat(json(noRef).get("response").get("statusCode").asInt()).isEqualTo(400);

    assertThat(post("/api/scaffolder/v2/tasks", "{\"templateRef\":\"template:default/nope\",\"values\":{}}").statusCode())
        .isEqualTo(404);
    assertThat(post("/api/scaffolder/v2/tasks", "{\"templateRef\":\"hello\",\"values\":[]}").statusCode())
        .isEqualTo(400);
    assertThat(post("/api/scaffolder/v2/tasks", "{\"templateRef\":\"hello\",\"values\":{\"name\":\"ab\"},\"secrets\":{\"a\":1}}").statusCode())
        .isEqualTo(400);
    assertThat(get("/api/scaffolder/v2/tasks/does-not-exist").statusCode()).isEqualTo(404);
    assertThat(get("/api/scaffolder/v2/tasks/does-not-exist/events").statusCode()).isEqualTo(404);
    assertThat(get("/api/scaffolder/v2/tasks?status=running").statusCode()).isEqualTo(400);
    assertThat(get("/api/scaffolder/v2/tasks?order=sideways").statusCode()).isEqualTo(400);
    assertThat(get("/api/scaffolder/v2/tasks?limit=-1").statusCode()).isEqualTo(400);
    assertThat(get("/api/scaffolder/v2/tasks?color=red").statusCode()).isEqualTo(400);
    String id = createTask("hello", "{\"name\":\"Di\"}", "{}");
    assertThat(get("/api/scaffolder/v2/tasks/" + id + "/events?after=abc").statusCode()).isEqualTo(400);
  }

  @Test
  void listFiltersByCreatorAndPages() {
    String a = createTask("hello", "{\"name\":\"Ed\"}", "{}");
    String b = createTask("hello", "{\"name\":\"Flo\"}", "{}");
    JsonNode page = json(get("/api/scaffolder/v2/tasks?order=desc:created_at&limit=1"));
    assertThat(page.get("tasks").size()).isEqualTo(1);
    assertThat(page.get("tasks").get(0).get("id").asString()).isEqualTo(b);
    JsonNode second = json(get("/api/scaffolder/v2/tasks?order=desc:created_at&limit=1&offset=1"));
    assertThat(second.get("tasks").get(0).get("id").asString()).isEqualTo(a);
    // anonymous callers create tasks without a creator
    JsonNode byJane = json(get("/api/scaffolder/v2/tasks?createdBy=" + URLEncoder.encode("user:default/jane", StandardCharsets.UTF_8)));
    assertThat(byJane.get("tasks").size()).isZero();
    assertThat(byJane.get("totalTasks").asInt()).isZero();
  }

  @Test
  void dryRunRendersTheSkeletonWithoutSideEffects() {
    String template =
        """
        {"apiVersion":"scaffolder.backstage.io/v1beta3","kind":"Template",
         "metadata":{"name":"dry"},
         "spec":{"owner":"team-a","type":"service",
           "parameters":[{"properties":{"name":{"type":"string"}}}],
           "steps":[
             {"id":"fetch","name":"Fetch skeleton","action":"fetch:template",
              "input":{"url":"./skeleton","values":{"name":"${{ parameters.name }}"}}},
             {"id":"log","name":"Log","action":"debug:log","input":{"message":"token ${{ secrets.token }}"}}],
           "output":{"text":[{"title":"t","content":"made ${{ parameters.name }}"}]}}}
        """;
    String readme = Base64.getEncoder().encodeToString("# ${{ values.name }}\n".getBytes(StandardCharsets.UTF_8));
    String body =
        "{\"template\":" + template + ",\"values\":{\"name\":\"demo\"},\"secrets\":{\"token\":\"s3cret-value\"},"
            + "\"directoryContents\":[{\"path\":\"skeleton/README.md\",\"base64Content\":\"" + readme + "\"}]}";
    HttpResponse<String> r = post("/api/scaffolder/v2/dry-run", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode out = json(r);
    JsonNode file = out.get("directoryContents").get(0);
    assertThat(file.get("path").asString()).isEqualTo("README.md");
    assertThat(new String(Base64.getDecoder().decode(file.get("base64Content").asString()), StandardCharsets.UTF_8))
        .isEqualTo("# demo\n");
    assertThat(out.get("output").get("text").get(0).get("content").asString()).isEqualTo("made demo");
    assertThat(out.get("steps").get(0).get("id").asString()).isEqualTo("fetch");
    assertThat(out.get("log").toString()).contains("Beginning step Fetch skeleton").doesNotContain("s3cret-value");

    ObjectNode escape = Json.object();
    HttpResponse<String> bad =
        post("/api/scaffolder/v2/dry-run",
            "{\"template\":" + template + ",\"values\":{},\"directoryContents\":[{\"path\":\"../x\",\"base64Content\":\"\"}]}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad).get("error").get("message").asString()).contains("directoryContents[0].path");
    assertThat(escape.isEmpty()).isTrue();
    assertThat(post("/api/scaffolder/v2/dry-run", "{\"values\":{}}").statusCode()).isEqualTo(400);
  }
}
