package dev.greenroom.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.engine.ProcessingMeters;
import dev.greenroom.http.HttpApi;
import dev.greenroom.scaffolder.task.TaskWorkerPool;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * A real Spring Boot application on Tomcat: the API under a base path, its requests in the
 * application's Micrometer registry.
 */
class ServletAndMetricsTest {
  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class App {}

  static ConfigurableApplicationContext ctx;
  static int port;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    ctx = new SpringApplicationBuilder(App.class)
        .web(WebApplicationType.SERVLET)
        .properties(
            "server.port=0",
            "spring.datasource.url=jdbc:h2:mem:gr-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
            "greenroom.http.base-path=/backstage",
            "greenroom.scaffolder.working-directory=target/scaffolder-" + UUID.randomUUID(),
            "greenroom.techdocs.publish-directory=target/techdocs-" + UUID.randomUUID(),
            "greenroom.catalog.locations[0].type=file",
            "greenroom.catalog.locations[0].target="
                + GreenroomAutoConfigurationTest.CATALOG.resolve("all.yaml"))
        .run();
    port = ((WebServerApplicationContext) ctx).getWebServer().getPort();
    assertThat(ctx.getBean(CatalogEngine.class).awaitIdle(Duration.ofSeconds(60))).isTrue();
  }

  @AfterAll
  static void stop() {
    if (ctx != null) {
      ctx.close();
    }
  }

  static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theApiIsServedUnderTheBasePath() throws Exception {
    HttpResponse<String> r = get("/backstage/api/catalog/entities/by-name/component/default/payments");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"name\":\"payments\"");
    HttpResponse<String> missing = get("/backstage/api/catalog/entities/by-name/component/default/nope");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("NotFoundError");
    // not mounted at the root
    assertThat(get("/api/catalog/entities").statusCode()).isEqualTo(404);
  }

  @Test
  void greenroomRecordsInTheApplicationsMeterRegistry() throws Exception {
    assertThat(get("/backstage/api/catalog/entities?filter=kind=api").statusCode()).isEqualTo(200);
    assertThat(get("/backstage/api/catalog/entities/by-name/component/default/nope").statusCode())
        .isEqualTo(404);
    MeterRegistry registry = ctx.getBean(MeterRegistry.class);
    String byName = "/api/catalog/entities/by-name/:kind/:namespace/:name";
    // the request timer is recorded after the answer was sent
    await(() -> registry.find(HttpApi.REQUESTS_METER).tags("route", "/api/catalog/entities")
        .timer() != null
        && registry.find(HttpApi.REQUESTS_METER).tags("route", byName, "status", "404").timer()
        != null);
    Timer list = registry.get(HttpApi.REQUESTS_METER)
        .tags("route", "/api/catalog/entities", "method", "GET", "status", "200").timer();
    assertThat(list.count()).isGreaterThanOrEqualTo(1);
    assertThat(registry.get(HttpApi.REQUESTS_METER).tags("route", byName, "status", "404")
        .timer().getId().getTag("outcome")).isEqualTo("CLIENT_ERROR");
    // the route tag is the template under the base path's mount, never the raw path
    assertThat(registry.find(HttpApi.REQUESTS_METER).timers())
        .noneMatch(t -> t.getId().getTag("route").contains("nope")
            || t.getId().getTag("route").contains("backstage"));
    // the engine's own meters
    assertThat(registry.get(ProcessingMeters.ENTITIES).gauge().value()).isEqualTo(3);
    assertThat(registry.get(ProcessingMeters.DUE).gauge().value()).isZero();
    assertThat(registry.get(ProcessingMeters.PROCESSING).tag("result", "ok").timer().count())
        .isGreaterThanOrEqualTo(3);
    // the sample's three entities (location, component, API) were added
    assertThat(registry.get(ProcessingMeters.EVENTS).tag("type", "added").counter().count())
        .isEqualTo(3);
    assertThat(registry.get(ProcessingMeters.EVENTS).tag("type", "failed").counter().count())
        .isZero();
    // the scaffolder's workers
    assertThat(registry.get(TaskWorkerPool.RUNNING_METER).gauge().value()).isZero();
  }

  static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 5 s").isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
