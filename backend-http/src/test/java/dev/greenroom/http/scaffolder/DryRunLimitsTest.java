package dev.greenroom.http.scaffolder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.http.BackendServer;
import dev.greenroom.http.TestCatalog;
import dev.greenroom.http.auth.StaticTokenAuthenticator;
import dev.greenroom.scaffolder.Scaffolder;
import dev.greenroom.scaffolder.action.ActionContext;
import dev.greenroom.scaffolder.action.TemplateAction;
import dev.greenroom.scaffolder.task.NewTask;
import dev.greenroom.scaffolder.task.TaskBroker;
import dev.greenroom.scaffolder.task.jdbc.JdbcTaskStore;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Security issue 18: dry runs used to render on the server's request threads without a deadline,
 * so four dry runs of an exponential template blocked every other request for minutes; their body
 * limit was the server's 1 MiB where Backstage takes 10 MB.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DryRunLimitsTest {
  @TempDir Path dir;

  /** Doubles a string 22 times, then copies it in 100,000 iterations. */
  static final String EXPONENTIAL =
      "{% set s = 'x' %}{% for i in range(22) %}{% set s = s ~ s %}{% endfor %}"
          + "{% for i in range(10000) %}{% for j in range(10) %}{% set t = s ~ j %}{% endfor %}"
          + "{% endfor %}done";

  static String template(String action, String message) {
    return "{\"apiVersion\":\"scaffolder.backstage.io/v1beta3\",\"kind\":\"Template\","
        + "\"metadata\":{\"name\":\"heavy\"},\"spec\":{\"owner\":\"team-a\",\"type\":\"service\","
        + "\"steps\":[{\"id\":\"s\",\"name\":\"S\",\"action\":\"" + action + "\","
        + "\"input\":{\"message\":" + quote(message) + "}}]}}";
  }

  static String dryRunBody(String template, String files) {
    return "{\"template\":" + template + ",\"values\":{},\"directoryContents\":[" + files + "]}";
  }

  /** A step that waits until its run is cancelled or its thread interrupted (at most a minute). */
  static final class BlockingAction implements TemplateAction {
    @Override
    public String id() {
      return "test:block";
    }

    @Override
    public boolean supportsDryRun() {
      return true;
    }

    @Override
    public void execute(ActionContext ctx) throws Exception {
      long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
      while (!ctx.isCancelled() && System.nanoTime() < end) {
        Thread.sleep(20);
      }
    }
  }

  interface Body {
    void run(URI base, ThreadPoolExecutor dryRunPool) throws Exception;
  }

  void withServer(Consumer<Scaffolder.Builder> scaffolder,
      Consumer<ScaffolderApiPlugin.Builder> plugin, Body body) throws Exception {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(8));
    try (CatalogEngine engine = TestCatalog.engine(dir, 0);
        JdbcTaskStore store = JdbcTaskStore.h2InMemory("dry-" + UUID.randomUUID())) {
      Scaffolder.Builder sb = Scaffolder.builder().defaultActions().action(new BlockingAction())
          .catalogEngine(engine).workspaceRoot(dir.resolve("dry"));
      scaffolder.accept(sb);
      TaskBroker broker = TaskBroker.builder(store).build();
      ScaffolderApiPlugin.Builder pb = ScaffolderApiPlugin.builder(sb.build(), broker,
          engine.catalog()).dryRunDirectory(dir.resolve("dry")).dryRunExecutor(pool);
      plugin.accept(pb);
      try (ScaffolderApiPlugin p = pb.build();
          BackendServer server = BackendServer.builder().host("127.0.0.1").port(0)
              .catalog(engine).plugin(p).build().start()) {
        body.run(server.baseUrl(), pool);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  static HttpResponse<String> post(URI base, String body) {
    return TestCatalog.send(HttpRequest.newBuilder(base.resolve("/api/scaffolder/v2/dry-run"))
        .header("Content-Type", "application/json")
        .timeout(Duration.ofMinutes(2))
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  static void assertBackstageError(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonNode e = Json.parse(r.body());
    assertThat(e.path("error").path("name").isString()).as(r.body()).isTrue();
    assertThat(e.path("error").path("message").asString()).as(r.body()).isNotEmpty();
    assertThat(e.path("request").path("url").asString()).isEqualTo("/api/scaffolder/v2/dry-run");
    assertThat(e.path("response").path("statusCode").asInt()).isEqualTo(status);
  }

  static void awaitIdle(ThreadPoolExecutor pool, Duration within) throws InterruptedException {
    long end = System.nanoTime() + within.toNanos();
    while (pool.getActiveCount() > 0 || !pool.getQueue().isEmpty()) {
      assertThat(System.nanoTime()).as("the dry-run pool is idle again").isLessThan(end);
      Thread.sleep(20);
    }
  }

  @Test
  void heavyDryRunsDoNotBlockOtherRequests() throws Exception {
    withServer(s -> {}, p -> {}, (base, pool) -> {
      ExecutorService clients = Executors.newFixedThreadPool(4);
      try {
        List<Future<HttpResponse<String>>> heavy = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          heavy.add(clients.submit(() -> post(base, dryRunBody(template("debug:log", EXPONENTIAL),
              ""))));
        }
        Thread.sleep(500);
        long start = System.nanoTime();
        HttpResponse<String> actions = TestCatalog.get(base, "/api/scaffolder/v2/actions");
        HttpResponse<String> entities = TestCatalog.get(base, "/api/catalog/entities?limit=1");
        assertThat(actions.statusCode()).isEqualTo(200);
        assertThat(entities.statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start))
            .as("short requests answer while heavy dry runs run").isLessThan(Duration.ofSeconds(10));
        int failedOnTheLimit = 0;
        for (Future<HttpResponse<String>> f : heavy) {
          HttpResponse<String> r = f.get(90, TimeUnit.SECONDS);
          // a render that passes its limit fails the step as a template error: a plain Error
          // (500), as Backstage's error handler answers a template that cannot be rendered
          assertThat(r.statusCode()).as(r.body()).isIn(500, 429);
          assertBackstageError(r, r.statusCode());
          if (r.statusCode() == 429) {
            assertThat(r.headers().firstValue("retry-after")).isPresent();
          } else {
            assertThat(r.body()).contains("Dry run failed in step s").contains("limit");
            failedOnTheLimit++;
          }
        }
        assertThat(failedOnTheLimit).isPositive();
        awaitIdle(pool, Duration.ofSeconds(10));
      } finally {
        clients.shutdownNow();
      }
    });
  }

  @Test
  void aDryRunPastItsDeadlineIsStoppedAndAnswers503() throws Exception {
    // renders without a budget of their own: only the dry run's deadline stops this one
    withServer(s -> s.renderTimeout(Duration.ofMinutes(10)).maxRenderWork(Long.MAX_VALUE),
        p -> p.dryRunTimeout(Duration.ofSeconds(2)), (base, pool) -> {
          long start = System.nanoTime();
          HttpResponse<String> r = post(base, dryRunBody(template("debug:log", EXPONENTIAL), ""));
          assertBackstageError(r, 503);
          assertThat(Json.parse(r.body()).path("error").path("message").asString())
              .contains("did not finish within 2 s");
          assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
          // the render was stopped, not left burning a thread
          awaitIdle(pool, Duration.ofSeconds(10));
          // and a blocking action is stopped as well
          HttpResponse<String> blocked = post(base, dryRunBody(template("test:block", "x"), ""));
          assertBackstageError(blocked, 503);
          awaitIdle(pool, Duration.ofSeconds(10));
        });
  }

  @Test
  void oneCallerHasAtMostItsLimitOfDryRuns() throws Exception {
    withServer(s -> {}, p -> p.maxDryRunsPerCaller(1).dryRunTimeout(Duration.ofSeconds(3)),
        (base, pool) -> {
          ExecutorService clients = Executors.newSingleThreadExecutor();
          try {
            Future<HttpResponse<String>> first =
                clients.submit(() -> post(base, dryRunBody(template("test:block", "x"), "")));
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (pool.getActiveCount() == 0) {
              assertThat(System.nanoTime()).isLessThan(end);
              Thread.sleep(10);
            }
            HttpResponse<String> second = post(base, dryRunBody(template("debug:log", "x"), ""));
            assertBackstageError(second, 429);
            assertThat(second.headers().firstValue("retry-after")).isPresent();
            assertBackstageError(first.get(60, TimeUnit.SECONDS), 503);
            awaitIdle(pool, Duration.ofSeconds(10));
            assertThat(post(base, dryRunBody(template("debug:log", "x"), "")).statusCode())
                .isEqualTo(200);
          } finally {
            clients.shutdownNow();
          }
        });
  }

  @Test
  void theDryRunBodyMayBeTenMegabytes() throws Exception {
    withServer(s -> {}, p -> {}, (base, pool) -> {
      // a skeleton with a large package-lock.json: 2 MB of JSON
      String two = Base64.getEncoder().encodeToString(new byte[1_500_000]);
      HttpResponse<String> ok = post(base, dryRunBody(template("debug:log", "x"),
          "{\"path\":\"skeleton/package-lock.json\",\"base64Content\":\"" + two + "\"}"));
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);

      String eleven = Base64.getEncoder().encodeToString(new byte[8_250_000]);
      HttpResponse<String> big = post(base, dryRunBody(template("debug:log", "x"),
          "{\"path\":\"skeleton/big.bin\",\"base64Content\":\"" + eleven + "\"}"));
      assertBackstageError(big, 413);
      // other routes keep the server's limit
      HttpResponse<String> task = TestCatalog.post(base, "/api/scaffolder/v2/tasks",
          "{\"templateRef\":\"x\",\"values\":{\"a\":\"" + "a".repeat(2_000_000) + "\"}}");
      assertThat(task.statusCode()).isEqualTo(413);
    });
  }

  @Test
  void aUserHasAtMostItsLimitOfUnfinishedTasks() throws Exception {
    try (CatalogEngine engine = TestCatalog.engine(dir, 0);
        JdbcTaskStore store = JdbcTaskStore.h2InMemory("tasks-" + UUID.randomUUID())) {
      TaskBroker broker = TaskBroker.builder(store).build();
      Scaffolder scaffolder = Scaffolder.builder().defaultActions().catalogEngine(engine).build();
      try (ScaffolderApiPlugin p = ScaffolderApiPlugin.builder(scaffolder, broker, engine.catalog())
              .maxUnfinishedTasksPerUser(2).build();
          BackendServer server = BackendServer.builder().host("127.0.0.1").port(0)
              .catalog(engine).plugin(p)
              .authenticator(StaticTokenAuthenticator.of(Map.of(
                  "jane-token-1234", "user:default/jane", "john-token-1234", "user:default/john")))
              .build().start()) {
        // two tasks nobody works on stay open
        for (int i = 0; i < 2; i++) {
          broker.create(new NewTask(Json.object(), Map.of(), "user:default/jane"));
        }
        String body = "{\"templateRef\":\"template:default/nope\",\"values\":{}}";
        HttpResponse<String> jane = TestCatalog.send(
            HttpRequest.newBuilder(server.baseUrl().resolve("/api/scaffolder/v2/tasks"))
                .header("Authorization", "Bearer jane-token-1234")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(jane.statusCode()).as(jane.body()).isEqualTo(429);
        assertThat(jane.headers().firstValue("retry-after")).isPresent();
        assertThat(Json.parse(jane.body()).path("error").path("name").asString())
            .isEqualTo("TooManyRequestsError");
        // another user is not held back (the template does not exist: 404, not 429)
        HttpResponse<String> john = TestCatalog.send(
            HttpRequest.newBuilder(server.baseUrl().resolve("/api/scaffolder/v2/tasks"))
                .header("Authorization", "Bearer john-token-1234")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(john.statusCode()).as(john.body()).isEqualTo(404);
      }
    }
  }

  static String quote(String s) {
    return Json.write(Json.nodes().stringNode(s));
  }
}
