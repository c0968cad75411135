package dev.greenroom.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.http.auth.StaticTokenAuthenticator;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, one request pipeline: hosts add steps (here a trace log and a rate limit per caller)
 * that see the route and the authenticated caller; their errors get Backstage's error body and
 * the built-in log and metrics see the final status.
 */
class InterceptorTest {
  @TempDir static Path dir;
  static CatalogEngine engine;
  static BackendServer server;
  static URI base;
  static final List<String> trace = new CopyOnWriteArrayList<>();
  static final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() {
    engine = TestCatalog.engine(dir, 0);
    server = BackendServer.builder().port(0).catalog(engine)
        .authenticator(StaticTokenAuthenticator.of(Map.of(
            "token-of-alice", "user:default/alice", "token-of-bob", "user:default/bob")))
        .interceptor((ex, chain) -> {
          trace.add(ex.route().orElse("?") + " by " + ex.principal().orElseThrow().getName());
          chain.proceed(ex);
          trace.add("answered " + ex.status());
        })
        .interceptor((ex, chain) -> {
          String who = ex.principal().orElseThrow().getName();
          if (calls.computeIfAbsent(who, k -> new AtomicInteger()).incrementAndGet() > 3) {
            throw new ApiException("TooManyRequestsError", 429, "Too many requests from " + who);
          }
          chain.proceed(ex);
        })
        .build().start();
    base = server.baseUrl();
  }

  @AfterAll
  static void stop() {
    server.close();
    engine.close();
  }

  static HttpResponse<String> get(String token) {
    return TestCatalog.send(HttpRequest.newBuilder(base.resolve("/api/catalog/entities?limit=1"))
        .header("Authorization", "Bearer " + token));
  }

  @Test
  void hostStepsSeeRouteAndCallerAndTheirErrorsAreBackstageBodies() {
    for (int i = 0; i < 3; i++) {
      assertThat(get("token-of-alice").statusCode()).isEqualTo(200);
    }
    HttpResponse<String> limited = get("token-of-alice");
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.body()).contains("\"name\":\"TooManyRequestsError\"",
        "Too many requests from user:default/alice", "\"statusCode\":429");
    assertThat(get("token-of-bob").statusCode()).isEqualTo(200); // per caller
    assertThat(trace).contains("GET /api/catalog/entities by user:default/alice",
        "answered 200");
    // unauthenticated requests never reach host steps (the "by" lines are written before the
    // route answers; "answered" lines may still be arriving from the requests above)
    long before = trace.stream().filter(t -> t.contains(" by ")).count();
    assertThat(TestCatalog.send(HttpRequest.newBuilder(base.resolve("/api/catalog/entities")))
        .statusCode()).isEqualTo(401);
    assertThat(trace.stream().filter(t -> t.contains(" by ")).count()).isEqualTo(before);
  }
}
