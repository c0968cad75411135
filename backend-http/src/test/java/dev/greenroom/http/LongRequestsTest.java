package dev.greenroom.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.processing.CatalogEngine;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression: the server's own pool had a fixed 2 x cores threads, so a handful of open event
 * streams (scaffolder task events, TechDocs sync) left no thread for anybody else. Long-lived
 * routes now run on a pool apart.
 */
class LongRequestsTest {
  @TempDir Path dir;

  @Test
  void openStreamsDoNotStarveShortRequests() throws Exception {
    int streams = 24;
    CountDownLatch opened = new CountDownLatch(streams);
    CountDownLatch release = new CountDownLatch(1);
    ApiPlugin slow =
        new ApiPlugin() {
          @Override
          public String id() {
            return "slow";
          }

          @Override
          public void routes(Router router) {
            router.getLongLived(
                "/stream",
                Set.of(),
                call -> {
                  try (OutputStream out = call.stream(200, "text/event-stream")) {
                    out.write("event: open\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    opened.countDown();
                    release.await(30, TimeUnit.SECONDS);
                    out.write("event: end\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8));
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
          }
        };
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    try (CatalogEngine engine = TestCatalog.engine(dir, 0);
        BackendServer server =
            BackendServer.builder().port(0).catalog(engine).plugin(slow).build().start()) {
      List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
      for (int i = 0; i < streams; i++) {
        pending.add(
            client.sendAsync(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/slow/stream")).build(),
                HttpResponse.BodyHandlers.ofString()));
      }
      assertThat(opened.await(20, TimeUnit.SECONDS)).as("every stream is being served").isTrue();

      assertThat(server.api().isLongLived("GET", "/api/slow/stream")).isTrue();
      assertThat(server.api().isLongLived("GET", "/api/catalog/entities")).isFalse();
      HttpResponse<String> quick =
          client.send(
              HttpRequest.newBuilder(
                      URI.create(
                          server.baseUrl() + "/api/catalog/entities/by-name/component/default/petstore"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(quick.statusCode()).isEqualTo(200);

      release.countDown();
      for (CompletableFuture<HttpResponse<String>> f : pending) {
        HttpResponse<String> r = f.get(20, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("text/event-stream");
        assertThat(r.body()).startsWith("event: open").contains("event: end");
      }
    }
  }
}
