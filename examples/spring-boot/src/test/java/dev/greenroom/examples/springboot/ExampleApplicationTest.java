package dev.greenroom.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.scaffolder.Scaffolder;
import dev.greenroom.scaffolder.task.NewTask;
import dev.greenroom.scaffolder.task.TaskRecord;
import dev.greenroom.scaffolder.task.TaskStatus;
import dev.greenroom.scaffolder.task.TemplateTaskSpec;
import dev.greenroom.scaffolder.template.Template;
import dev.greenroom.scaffolder.template.TemplateUser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The example service on a random port, as a client sees it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExampleApplicationTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @LocalServerPort int port;
  @Autowired CatalogEngine engine;
  @Autowired Scaffolder scaffolder;

  @BeforeEach
  void catalogIsRead() {
    assertThat(engine.awaitIdle(Duration.ofSeconds(60))).isTrue();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String json) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void backstagesCatalogApiServesTheSampleCatalogWithTheProcessorsLabel() throws Exception {
    HttpResponse<String> r = get("/api/catalog/entities?filter=kind=component");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode list = Json.parse(r.body());
    assertThat(list.size()).isEqualTo(2);
    HttpResponse<String> greeter =
        get("/api/catalog/entities/by-name/component/default/greeter");
    assertThat(greeter.statusCode()).isEqualTo(200);
    JsonNode e = Json.parse(greeter.body());
    assertThat(e.at("/metadata/labels/example.com~1team").asString()).isEqualTo("greeters");
    // the relation the catalog derives from providesApis
    assertThat(greeter.body()).contains("api:default/greeter-api");
    HttpResponse<String> byTeam =
        get("/api/catalog/entities?filter=metadata.labels.example.com/team=jane");
    assertThat(Json.parse(byTeam.body()).findValuesAsString("name")).contains("greeter-web");
  }

  @Test
  void theScaffolderRunsTheServicesActionInADryRun() throws Exception {
    assertThat(get("/api/scaffolder/v2/actions").body()).contains("\"id\":\"example:greet\"");
    HttpResponse<String> r = post("/api/scaffolder/v2/dry-run", """
        {"template": {
           "apiVersion": "scaffolder.backstage.io/v1beta3", "kind": "Template",
           "metadata": {"name": "hello"},
           "spec": {"type": "service", "parameters": [],
                    "steps": [{"id": "greet", "action": "example:greet",
                               "input": {"name": "${{ parameters.who }}"}}],
                    "output": {"text": [{"title": "Greeting",
                                         "content": "${{ steps.greet.output.greeting }}"}]}}},
         "values": {"who": "Jane"}, "secrets": {}, "directoryContents": []}
        """);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode body = Json.parse(r.body());
    assertThat(body.at("/output/text/0/content").asString()).isEqualTo("Hello, Jane!");
    assertThat(body.get("directoryContents").toString()).contains("GREETING.md");
  }

  @Test
  void theServicesOwnEndpointAnswersBesideBackstagesApi() throws Exception {
    HttpResponse<String> r = get("/summary");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = Json.parse(r.body());
    assertThat(body.get("service").asString()).isEqualTo("greenroom-example");
    assertThat(body.at("/entities/Component").asLong()).isEqualTo(2);
    assertThat(body.at("/entities/API").asLong()).isEqualTo(1);
  }

  @Test
  void actuatorHealthShowsTheGreenroomIndicatorUp() throws Exception {
    HttpResponse<String> r = get("/actuator/health");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = Json.parse(r.body());
    assertThat(body.get("status").asString()).isEqualTo("UP");
    JsonNode greenroom = body.at("/components/greenroom");
    assertThat(greenroom.get("status").asString()).isEqualTo("UP");
    assertThat(greenroom.at("/details/processingDue").asLong()).isZero();
    assertThat(greenroom.at("/details/tasks/workers").asInt()).isEqualTo(2);
  }

  @Test
  void actuatorInfoCountsTheEntitiesByKind() throws Exception {
    JsonNode body = Json.parse(get("/actuator/info").body());
    assertThat(body.at("/greenroom/entities/Component").asLong()).isEqualTo(2);
    assertThat(body.at("/greenroom/entities/API").asLong()).isEqualTo(1);
  }

  /** The first line of a Prometheus scrape that starts with {@code name{} and has every label. */
  private static java.util.Optional<String> line(String text, String name, String... labels) {
    return text.lines()
        .filter(l -> l.startsWith(name + "{"))
        .filter(l -> java.util.Arrays.stream(labels).allMatch(l::contains))
        .findFirst();
  }

  @Test
  void prometheusShowsGreenroomsMeters() throws Exception {
    assertThat(get("/api/catalog/entities?filter=kind=api").statusCode()).isEqualTo(200);
    // a task the service's workers run with its own action
    Template hello = Template.fromYaml("hello.yaml", """
        apiVersion: scaffolder.backstage.io/v1beta3
        kind: Template
        metadata: { name: hello-metrics }
        spec:
          type: service
          steps:
            - id: greet
              action: example:greet
              input: { name: Jane }
        """, null);
    TaskRecord task = scaffolder.tasks().create(new NewTask(TemplateTaskSpec.of(hello,
        Json.object(), TemplateUser.anonymous()), java.util.Map.of(), null));
    String text = "";
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    // the request timer is recorded once the answer was sent, the task timer once it ended
    while ((line(text, "greenroom_http_server_requests_seconds_count",
            "route=\"/api/catalog/entities\"").isEmpty()
            || line(text, "greenroom_scaffolder_tasks_seconds_count",
                "template=\"template:default/hello-metrics\"").isEmpty())
        && System.nanoTime() < deadline) {
      HttpResponse<String> r = get("/actuator/prometheus");
      assertThat(r.statusCode()).isEqualTo(200);
      text = r.body();
      Thread.sleep(50);
    }
    // the HTTP API's request timer, by route template
    assertThat(line(text, "greenroom_http_server_requests_seconds_count",
        "method=\"GET\"", "route=\"/api/catalog/entities\"", "status=\"200\"",
        "outcome=\"SUCCESS\"")).isPresent();
    // the catalog engine's processing meters and queue gauges
    assertThat(line(text, "greenroom_catalog_processing_seconds_count", "result=\"ok\""))
        .hasValueSatisfying(l -> assertThat(l).doesNotEndWith(" 0"));
    assertThat(line(text, "greenroom_catalog_events_total", "type=\"added\""))
        .hasValueSatisfying(l -> assertThat(l).endsWith(" 4.0"));
    assertThat(text)
        .contains("greenroom_catalog_entities 4.0")
        .contains("greenroom_catalog_processing_due 0.0")
        .contains("greenroom_catalog_stitch_queued 0.0")
        // the scaffolder's gauges (store counts cached for 5 s, so no value is asserted)
        .contains("greenroom_scaffolder_tasks_open ")
        .contains("greenroom_scaffolder_tasks_running ");
    assertThat(scaffolder.tasks().get(task.id()).orElseThrow().status())
        .isEqualTo(TaskStatus.COMPLETED);
    // the task and its step, timed by template and result
    assertThat(line(text, "greenroom_scaffolder_tasks_seconds_count",
        "template=\"template:default/hello-metrics\"", "result=\"completed\""))
        .hasValueSatisfying(l -> assertThat(l).endsWith(" 1"));
    assertThat(line(text, "greenroom_scaffolder_steps_seconds_count",
        "template=\"template:default/hello-metrics\"", "step=\"greet\"",
        "result=\"completed\"")).hasValueSatisfying(l -> assertThat(l).endsWith(" 1"));
  }
}
