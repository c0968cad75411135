package dev.greenroom.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.CatalogListener;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.http.HttpApi;
import dev.greenroom.http.jetty.JettyServer;
import dev.greenroom.http.auth.Permission;
import dev.greenroom.http.auth.PermissionDecision;
import dev.greenroom.http.auth.PermissionPolicy;
import dev.greenroom.techdocs.TechDocs;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/search/query} over a small catalog (components, a template, one secret
 * component the policy hides) with TechDocs built for one entity, answered as Backstage's search
 * backend answers.
 */
class SearchRoutesTest {
  static final HttpClient CLIENT = HttpClient.newHttpClient();

  @TempDir static Path dir;
  static CatalogEngine engine;
  static TechDocs techdocs;
  static SearchEngine search;
  static JettyServer server;

  /** Everyone may read every entity except secret-service (a conditional decision, as RulePermissionPolicy gives). */
  static final PermissionPolicy HIDE_SECRET = (principal, permission) ->
      Permission.ENTITY_READ.equals(permission)
          ? PermissionDecision.conditional(EntityPredicate.not(EntityPredicate.eq("metadata.name", "secret-service")))
          : PermissionDecision.allow();

  @BeforeAll
  static void start() throws IOException {
    Path repo = dir.resolve("repo");
    Files.createDirectories(repo.resolve("payments-docs/docs"));
    Files.writeString(repo.resolve("payments-docs/mkdocs.yml"), "site_name: Payments\nnav:\n  - Home: index.md\n");
    Files.writeString(repo.resolve("payments-docs/docs/index.md"), """
        # Payments handbook

        The payments service talks to the flux capacitor.

        ## Refunds

        How refunds are issued and reconciled.
        """);
    Files.writeString(repo.resolve("catalog-info.yaml"), """
        apiVersion: backstage.io/v1alpha1
        kind: Group
        metadata: {name: team-a}
        spec: {type: team, children: []}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: payments
          title: Payments Service
          description: Charges cards and issues refunds
          annotations:
            backstage.io/techdocs-ref: dir:./payments-docs
        spec: {type: service, lifecycle: production, owner: team-a}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: ledger
          description: Keeps the refunds ledger
        spec: {type: library, lifecycle: experimental, owner: group:default/team-a}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: secret-service
          description: Refunds for the secret side
        spec: {type: service, lifecycle: production, owner: team-a}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: website
          description: The public site
        spec: {type: website, lifecycle: production, owner: team-a}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: billing
          description: Sends invoices
        spec: {type: service, lifecycle: production, owner: team-a}
        ---
        apiVersion: scaffolder.backstage.io/v1beta3
        kind: Template
        metadata:
          name: refund-worker-template
          title: Refund worker
          description: Creates a worker that processes refunds
        spec:
          owner: team-a
          type: service
          steps: []
        """);
    AtomicReference<CatalogListener> listener = new AtomicReference<>();
    engine = CatalogEngine.builder()
        .rules(CatalogRules.allowAll())
        .processingDisabled()
        .allowedLocationTypes(List.of("url", "file"))
        .location("file", repo.resolve("catalog-info.yaml").toString())
        .listener(e -> {
          CatalogListener l = listener.get();
          if (l != null) {
            l.onEvent(e);
          }
        })
        .build();
    engine.start();
    assertThat(engine.awaitIdle(Duration.ofMinutes(2))).isTrue();
    AtomicReference<SearchEngine> holder = new AtomicReference<>();
    techdocs = TechDocs.builder().publishDirectory(dir.resolve("published")).checkInterval(Duration.ZERO)
        .onPublished(e -> holder.get().refresh(e))
        .build();
    search = SearchEngine.builder().catalog(engine.catalog()).techDocs(techdocs).build();
    holder.set(search);
    listener.set(search.catalogListener());
    assertThat(search.reindexAll()).isEmpty();
    // the docs are built after the first index: they arrive through TechDocs' onPublished hook
    SearchQuery allDocs = new SearchQuery("", List.of("techdocs"), java.util.Map.of(), null, null);
    assertThat(search.query(allDocs, SearchEngine.Visibility.everything()).numberOfResults()).isZero();
    techdocs.sync(engine.catalog().entity(EntityRef.parse("component:default/payments")).orElseThrow());
    assertThat(search.query(allDocs, SearchEngine.Visibility.everything()).numberOfResults()).isPositive();
    // served as `greenroom serve` serves it: HttpApi on Jetty
    server = JettyServer.builder().host("127.0.0.1").port(0)
        .api(HttpApi.builder().catalog(engine).permissionPolicy(HIDE_SECRET).plugin(search.apiPlugin()).build())
        .build().start();
  }

  @AfterAll
  static void stop() {
    server.close();
    search.close();
    techdocs.close();
    engine.close();
  }

  static HttpResponse<String> get(String pathAndQuery) {
    URI uri = URI.create(server.baseUrl().toString().replaceAll("/$", "") + "/api/search/query" + pathAndQuery);
    try {
      return CLIENT.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A request the JDK client refuses to send (a broken percent escape), written on a socket. */
  static String rawGet(String target) {
    try (java.net.Socket socket = new java.net.Socket(server.baseUrl().getHost(), server.baseUrl().getPort())) {
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static JsonNode ok(String pathAndQuery) {
    HttpResponse<String> r = get(pathAndQuery);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Json.mapper().readTree(r.body());
  }

  static List<String> locations(JsonNode answer) {
    List<String> out = new ArrayList<>();
    answer.path("results").forEach(r -> out.add(r.path("document").path("location").asString()));
    return out;
  }

  static List<String> fieldNames(JsonNode o) {
    List<String> out = new ArrayList<>();
    o.properties().forEach(e -> out.add(e.getKey()));
    return out;
  }

  @Test
  void aTermFindsCatalogAndDocsResultsInBackstagesShapes() {
    JsonNode a = ok("?term=refunds");
    assertThat(fieldNames(a)).containsExactly("results", "numberOfResults");
    assertThat(a.path("numberOfResults").asInt()).isEqualTo(a.path("results").size());

    JsonNode catalog = null;
    JsonNode docs = null;
    int rank = 1;
    for (JsonNode r : a.path("results")) {
      assertThat(fieldNames(r)).containsExactly("type", "document", "highlight", "rank");
      assertThat(r.path("rank").asInt()).isEqualTo(rank++);
      String loc = r.path("document").path("location").asString();
      if (loc.equals("/catalog/default/Component/payments")) {
        catalog = r;
      }
      if (loc.equals("/docs/default/component/payments/#refunds")) {
        docs = r;
      }
    }
    assertThat(catalog).as(a.toString()).isNotNull();
    assertThat(catalog.path("type").asString()).isEqualTo("software-catalog");
    JsonNode cd = catalog.path("document");
    assertThat(fieldNames(cd)).containsExactly(
        "title", "text", "location", "componentType", "type", "namespace", "kind", "lifecycle", "owner");
    assertThat(cd.path("title").asString()).isEqualTo("Payments Service");
    assertThat(cd.path("text").asString()).isEqualTo("Charges cards and issues refunds");
    assertThat(cd.path("componentType").asString()).isEqualTo("service");
    assertThat(cd.path("kind").asString()).isEqualTo("Component");
    assertThat(cd.path("owner").asString()).isEqualTo("team-a");
    JsonNode hl = catalog.path("highlight");
    String pre = hl.path("preTag").asString();
    String post = hl.path("postTag").asString();
    assertThat(pre).matches("<[0-9a-f-]{36}>");
    assertThat(post).isEqualTo("</" + pre.substring(1));
    assertThat(hl.path("fields").path("text").asString())
        .isEqualTo("Charges cards and issues " + pre + "refunds" + post);

    assertThat(docs).as(a.toString()).isNotNull();
    assertThat(docs.path("type").asString()).isEqualTo("techdocs");
    JsonNode dd = docs.path("document");
    assertThat(fieldNames(dd)).containsExactly("title", "text", "location", "path", "kind", "namespace", "name",
        "entityTitle", "componentType", "lifecycle", "owner");
    assertThat(dd.path("title").asString()).isEqualTo("Refunds");
    assertThat(dd.path("path").asString()).isEqualTo("#refunds");
    assertThat(dd.path("entityTitle").asString()).isEqualTo("Payments Service");
    assertThat(dd.path("name").asString()).isEqualTo("payments");
    assertThat(docs.path("highlight").path("fields").path("title").asString()).isEqualTo(pre + "Refunds" + post);
    // the template is a catalog document of kind Template, as Backstage indexes it
    assertThat(locations(a)).contains("/catalog/default/Template/refund-worker-template");
  }

  @Test
  void typesAndFiltersNarrowTheResults() {
    JsonNode docs = ok("?term=refunds&types%5B0%5D=techdocs");
    assertThat(docs.path("results").size()).isPositive();
    docs.path("results").forEach(r -> assertThat(r.path("type").asString()).isEqualTo("techdocs"));

    JsonNode catalog = ok("?term=refunds&types[]=software-catalog");
    assertThat(catalog.path("results").size()).isPositive();
    catalog.path("results").forEach(r -> assertThat(r.path("type").asString()).isEqualTo("software-catalog"));

    assertThat(locations(ok("?term=refunds&filters%5Bkind%5D=Template")))
        .containsExactly("/catalog/default/Template/refund-worker-template");
    assertThat(locations(ok("?term=refunds&types%5B0%5D=software-catalog&filters%5Bkind%5D=component&filters%5Blifecycle%5D=experimental")))
        .containsExactly("/catalog/default/Component/ledger");
    assertThat(ok("?term=refunds&filters%5Bkind%5D=API").path("results").size()).isZero();
  }

  @Test
  void pagesFollowBackstagesCursors() {
    String first = "?types%5B0%5D=software-catalog&filters%5Bkind%5D=Component&filters%5Blifecycle%5D=production&pageLimit=1";
    JsonNode p0 = ok(first);
    int total = p0.path("numberOfResults").asInt();
    assertThat(total).isEqualTo(3); // payments, billing, website; secret-service is hidden
    assertThat(p0.path("results").size()).isEqualTo(1);
    assertThat(p0.has("previousPageCursor")).isFalse();
    assertThat(p0.path("nextPageCursor").asString())
        .isEqualTo(Base64.getEncoder().encodeToString("1".getBytes(StandardCharsets.UTF_8)));
    Set<String> seen = new HashSet<>(locations(p0));
    JsonNode page = p0;
    int pages = 1;
    while (page.has("nextPageCursor")) {
      page = ok(first + "&pageCursor=" + page.path("nextPageCursor").asString());
      pages++;
      assertThat(page.path("results").get(0).path("rank").asInt()).isEqualTo(pages);
      assertThat(page.path("numberOfResults").asInt()).isEqualTo(total);
      assertThat(page.path("previousPageCursor").asString())
          .isEqualTo(Base64.getEncoder().encodeToString(Integer.toString(pages - 2).getBytes(StandardCharsets.UTF_8)));
      seen.addAll(locations(page));
    }
    assertThat(pages).isEqualTo(3);
    assertThat(seen).containsExactlyInAnyOrder("/catalog/default/Component/payments",
        "/catalog/default/Component/billing", "/catalog/default/Component/website");
    JsonNode back = ok(first + "&pageCursor=" + page.path("previousPageCursor").asString());
    assertThat(locations(back)).isEqualTo(locations(ok(first + "&pageCursor=MQ==")));
    // past the end: an empty page that links back
    JsonNode past = ok(first + "&pageCursor=" + SearchEngine.encodeCursor(7));
    assertThat(past.path("results").size()).isZero();
    assertThat(past.path("numberOfResults").asInt()).isEqualTo(total);
  }

  @Test
  void anEntityTheCallerMayNotReadIsNotInTheResults() {
    JsonNode a = ok("?term=secret");
    assertThat(a.toString()).doesNotContain("secret-service");
    assertThat(a.path("numberOfResults").asInt()).isZero();
    assertThat(ok("?term=refunds").toString()).doesNotContain("secret-service");
    // the engine does hold it: a caller allowed everything finds it
    assertThat(search.query(SearchQuery.of("secret"), SearchEngine.Visibility.everything()).results())
        .extracting(r -> r.document().location()).contains("/catalog/default/Component/secret-service");
  }

  @Test
  void absurdPageSizesAndBrokenCursorsAre400sWithClearMessages() {
    HttpResponse<String> big = get("?term=x&pageLimit=1000");
    assertThat(big.statusCode()).isEqualTo(400);
    assertThat(big.body()).contains("Invalid query string: The page limit \\\"1000\\\" is greater than \\\"100\\\"");

    HttpResponse<String> nan = get("?term=x&pageLimit=lots");
    assertThat(nan.statusCode()).isEqualTo(400);
    assertThat(nan.body()).contains("The page limit \\\"lots\\\" is not a whole number");

    String percent = rawGet("/api/search/query?term=x&pageCursor=%%%");
    assertThat(percent).startsWith("HTTP/1.1 400").contains("Malformed query string");

    HttpResponse<String> garbage = get("?term=x&pageCursor=garbage");
    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(garbage.body()).contains("Invalid query string: Invalid page cursor \\\"garbage\\\"");

    String notANumber = Base64.getEncoder().encodeToString("-1".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> negative = get("?term=x&pageCursor=" + notANumber);
    assertThat(negative.statusCode()).isEqualTo(400);
    assertThat(negative.body()).contains("Invalid page cursor");

    HttpResponse<String> type = get("?term=x&types%5B0%5D=nope");
    assertThat(type.statusCode()).isEqualTo(400);
    assertThat(type.body()).contains("Unknown search type \\\"nope\\\"; the known types are software-catalog, techdocs");

    HttpResponse<String> longTerm = get("?term=" + "a".repeat(101));
    assertThat(longTerm.statusCode()).isEqualTo(400);
    assertThat(longTerm.body()).contains("The term length \\\"101\\\" is greater than \\\"100\\\"");
  }

  @Test
  void anEntityAddedToTheCatalogAppearsAfterTheListenerFires() throws IOException {
    assertThat(ok("?term=chargeback").path("numberOfResults").asInt()).isZero();
    Path added = dir.resolve("repo/added.yaml");
    Files.writeString(added, """
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: chargeback-bot
          description: Answers chargeback disputes
        spec: {type: service, lifecycle: deprecated, owner: team-b}
        """);
    engine.registerLocation("file", added.toString());
    assertThat(engine.awaitIdle(Duration.ofMinutes(2))).isTrue();
    assertThat(locations(ok("?term=chargeback"))).containsExactly("/catalog/default/Component/chargeback-bot");
  }

  @Test
  void theOpenApiDocumentListsTheQueryRouteAndItAnswers() throws Exception {
    URI uri = URI.create(server.baseUrl().toString().replaceAll("/$", "") + "/api/search/openapi.json");
    HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(uri).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode doc = Json.parse(r.body());
    HttpApi api = HttpApi.builder().plugin(search.apiPlugin()).build();
    assertThat(dev.greenroom.http.OpenApiDocument.operations(doc))
        .isEqualTo(api.operations("search")).containsExactly("GET /query");
    assertThat(dev.greenroom.http.OpenApiDocument.problems(doc)).isEmpty();
    assertThat(doc.at("/paths/~1query/get/parameters").toString())
        .contains("\"term\"", "\"types\"", "\"filters\"", "\"pageCursor\"", "\"pageLimit\"");
    assertThat(get("?term=refunds").statusCode()).isEqualTo(200);
  }
}
