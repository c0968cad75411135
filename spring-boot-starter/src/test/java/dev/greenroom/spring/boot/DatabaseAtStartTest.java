package dev.greenroom.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.testsupport.PgSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;

/**
 * A database that cannot be opened when the application starts: the context starts anyway, health
 * is DOWN with the reason, Greenroom's routes answer 503, and once the database answers the catalog
 * starts (schema migrated, locations read) without a restart.
 */
class DatabaseAtStartTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String PASSWORD = "s3cret-Pw-" + UUID.randomUUID();

  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class App {}

  /** The application's own DataSource, whose URL the test changes while the application runs. */
  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class MovingDatabaseApp {
    static final PGSimpleDataSource DATA_SOURCE = new PGSimpleDataSource();

    @Bean
    PGSimpleDataSource dataSource() {
      return DATA_SOURCE;
    }
  }

  private static SpringApplicationBuilder app(Class<?> app, String... properties) {
    return new SpringApplicationBuilder(app)
        .web(WebApplicationType.SERVLET)
        .properties("server.port=0",
            "greenroom.catalog.start-retry.initial-delay=100ms",
            "greenroom.catalog.start-retry.max-delay=400ms",
            "greenroom.scaffolder.working-directory=target/scaffolder-" + UUID.randomUUID(),
            "greenroom.techdocs.publish-directory=target/techdocs-" + UUID.randomUUID(),
            "greenroom.catalog.locations[0].type=file",
            "greenroom.catalog.locations[0].target="
                + GreenroomAutoConfigurationTest.CATALOG.resolve("all.yaml"))
        .properties(properties);
  }

  private static HttpResponse<String> get(ConfigurableApplicationContext ctx, String path)
      throws Exception {
    int port = ((WebServerApplicationContext) ctx).getWebServer().getPort();
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void await(BooleanSupplier condition, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited %s", timeout).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  /** The catalog route answers Backstage's 503 error body, naming no host or database. */
  private static void assertCatalogUnavailable(ConfigurableApplicationContext ctx)
      throws Exception {
    HttpResponse<String> r = get(ctx, "/api/catalog/entities");
    assertThat(r.statusCode()).isEqualTo(503);
    JsonNode body = Json.parse(r.body());
    assertThat(body.at("/error/name").asString()).isEqualTo("ServiceUnavailableError");
    assertThat(body.at("/error/message").asString()).contains("database cannot be opened");
    assertThat(body.at("/request/method").asString()).isEqualTo("GET");
    assertThat(body.at("/request/url").asString()).isEqualTo("/api/catalog/entities");
    assertThat(body.at("/response/statusCode").asInt()).isEqualTo(503);
    assertThat(r.body()).doesNotContain(PASSWORD).doesNotContain("127.0.0.1:1");
  }

  @Test
  void anUnreachableDatabaseLetsTheApplicationStartDownWithTheReasonAndTheApiAnswers503()
      throws Exception {
    long start = System.nanoTime();
    // port 1 on this machine: nothing listens, the connection is refused at once
    try (ConfigurableApplicationContext ctx = app(App.class,
        "spring.datasource.url=jdbc:postgresql://127.0.0.1:1/greenroom",
        "spring.datasource.username=greenroom",
        "spring.datasource.password=" + PASSWORD).run()) {
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
      CatalogEngineLifecycle lifecycle = ctx.getBean(CatalogEngineLifecycle.class);
      assertThat(lifecycle.isRunning()).isTrue();
      assertThat(lifecycle.isCatalogStarted()).isFalse();

      Health h = ctx.getBean(GreenroomHealthIndicator.class).health();
      assertThat(h.getStatus()).isEqualTo(Status.DOWN);
      String reason = (String) h.getDetails().get("reason");
      assertThat(reason)
          .startsWith("the catalog has not started: cannot open ")
          .contains("127.0.0.1:1")
          .containsIgnoringCase("refused")
          .doesNotContain(PASSWORD);

      assertCatalogUnavailable(ctx);
      assertThat(get(ctx, "/api/scaffolder/v2/tasks").statusCode()).isEqualTo(503);

      // it keeps trying, on its schedule
      int failed = lifecycle.failedAttempts();
      await(() -> lifecycle.failedAttempts() > failed + 1, Duration.ofSeconds(10));
      assertThat(lifecycle.isCatalogStarted()).isFalse();
    }
    // closing the context stopped the retries: no greenroom-catalog-start thread is left
    await(() -> Thread.getAllStackTraces().keySet().stream()
        .noneMatch(t -> t.getName().equals("greenroom-catalog-start")), Duration.ofSeconds(10));
  }

  @Test
  void whenTheDatabaseAnswersLaterTheCatalogStartsWithoutARestart() throws Exception {
    PGSimpleDataSource ds = MovingDatabaseApp.DATA_SOURCE;
    ds.setURL("jdbc:postgresql://127.0.0.1:1/greenroom");
    try (PgSchema schema = PgSchema.create("gr_late");
        ConfigurableApplicationContext ctx = app(MovingDatabaseApp.class).run()) {
      CatalogEngineLifecycle lifecycle = ctx.getBean(CatalogEngineLifecycle.class);
      GreenroomHealthIndicator health = ctx.getBean(GreenroomHealthIndicator.class);
      assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
      assertCatalogUnavailable(ctx);

      // the database appears: the application's DataSource now reaches it
      ds.setURL(schema.url());
      await(lifecycle::isCatalogStarted, Duration.ofSeconds(30));
      assertThat(ctx.getBean(CatalogEngine.class).awaitIdle(Duration.ofSeconds(60))).isTrue();
      assertThat(health.health().getStatus()).isEqualTo(Status.UP);
      HttpResponse<String> r =
          get(ctx, "/api/catalog/entities/by-name/component/default/payments");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"name\":\"payments\"");
      assertThat(get(ctx, "/api/scaffolder/v2/tasks").statusCode()).isEqualTo(200);
      // the schemas were migrated in the application's schema, once it was reachable
      assertThat(PostgresTest.taskTables(PgSchema.baseUrl(), schema.name())).isPositive();
    }
  }

  @Test
  void theReasonMasksPasswordsAndSkipsSpringsWrappers() {
    Exception e = new org.springframework.beans.factory.BeanCreationException("greenroomStore",
        "Error creating bean", new IllegalStateException(
            "cannot open the entity store: jdbc:h2:tcp://db/x;PASSWORD=hunter2;USER=sa\nat line 2",
            new RuntimeException("inner")));
    assertThat(CatalogEngineLifecycle.reason(e))
        .isEqualTo("cannot open the entity store: jdbc:h2:tcp://db/x;PASSWORD=***;USER=sa");
  }
}
