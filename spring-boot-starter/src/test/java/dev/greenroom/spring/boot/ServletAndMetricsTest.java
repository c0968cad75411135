package dev.greenroom.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.processing.CatalogEngine;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
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
  void requestsShowInTheApplicationsMeterRegistryByRouteTemplate() throws Exception {
    assertThat(get("/backstage/api/catalog/entities?filter=kind=api").statusCode()).isEqualTo(200);
    assertThat(get("/backstage/api/catalog/entities/by-name/component/default/nope").statusCode())
        .isEqualTo(404);
    MeterRegistry registry = ctx.getBean(MeterRegistry.class);
    ctx.getBean(GreenroomMetrics.class).sync();
    FunctionTimer list = registry.find("greenroom.http.requests")
        .tag("route", "GET /api/catalog/entities").functionTimer();
    assertThat(list).isNotNull();
    assertThat(list.count()).isGreaterThanOrEqualTo(1);
    FunctionCounter errors = registry.find("greenroom.http.errors")
        .tag("route", "GET /api/catalog/entities/by-name/:kind/:namespace/:name").functionCounter();
    assertThat(errors).isNotNull();
    // the raw path never becomes a tag
    assertThat(registry.find("greenroom.http.requests").tagKeys("route").functionTimers())
        .noneMatch(t -> t.getId().getTag("route").contains("nope"));
    await(() -> errors.count() >= 1);
    assertThat(registry.get("greenroom.catalog.entities").gauge().value()).isEqualTo(3);
    assertThat(registry.get("greenroom.catalog.processing.due").gauge().value()).isZero();
    // the catalog's events: the sample's three entities (location, component, API) were added
    assertThat(registry.get("greenroom.catalog.events").tag("type", "added").functionCounter()
        .count()).isEqualTo(3);
    assertThat(registry.get("greenroom.catalog.events").tag("type", "failed").functionCounter()
        .count()).isZero();
  }

  static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 5 s").isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
