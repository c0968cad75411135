package dev.greenroom.http.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.http.ApiPlugin;
import dev.greenroom.http.HttpApi;
import dev.greenroom.http.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, "four slow clients stop the server": on the JDK {@code HttpServer} four sockets that
 * send their headers slowly took every request thread for minutes. These tests open the attacks
 * against {@link JettyServer} and require normal requests to be answered meanwhile.
 */
class JettyServerLimitsTest {
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final List<Socket> sockets = new ArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch blocking = new CountDownLatch(1);
  private JettyServer server;

  /** A plugin with a quick route, a route that blocks until released, and an event stream. */
  private final ApiPlugin test = new ApiPlugin() {
    @Override
    public String id() {
      return "test";
    }

    @Override
    public void routes(Router r) {
      r.get("/ping", Set.of(), call -> call.bytes(200, "text/plain", "pong".getBytes()));
      r.get("/cookies", Set.of(), call -> {
        call.addHeader("Set-Cookie", "one=1; Path=/");
        call.addHeader("Set-Cookie", "two=2; Path=/");
        call.bytes(200, "text/plain", String.valueOf(call.cookie("b")).getBytes());
      });
      r.post("/echo", Set.of(), call -> call.bytes(200, "text/plain",
          String.valueOf(call.bodyBytes().length).getBytes()));
      r.get("/block", Set.of(), call -> {
        blocking.countDown();
        await();
        call.bytes(200, "text/plain", "done".getBytes());
      });
      r.getLongLived("/stream", Set.of(), call -> {
        try (OutputStream out = call.stream(200, "text/event-stream")) {
          out.write("data: open\n\n".getBytes());
          out.flush();
          await();
        }
      });
    }
  };

  private void await() {
    try {
      release.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private JettyServer start(JettyServer.Builder b) {
    server = b.api(HttpApi.builder().plugin(test).build()).port(0).build().start();
    return server;
  }

  @AfterEach
  void close() throws IOException {
    release.countDown();
    for (Socket s : sockets) {
      s.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private HttpResponse<String> get(String path, Duration timeout) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
        .timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
  }

  private Socket open() throws IOException {
    Socket s = new Socket("127.0.0.1", server.port());
    sockets.add(s);
    return s;
  }

  @Test
  void fiveHundredSlowHeaderClientsDoNotStopOtherRequests() throws Exception {
    start(JettyServer.builder());
    for (int i = 0; i < 500; i++) {
      Socket s = open();
      s.getOutputStream().write("GET /api/test/ping HTTP/1.1\r\nHost: localhost\r\nX-Slow: "
          .getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
    }
    for (Socket s : sockets.subList(0, 100)) {
      s.getOutputStream().write('a'); // still trickling
    }
    long t0 = System.nanoTime();
    HttpResponse<String> r = get("/api/test/ping", Duration.ofSeconds(10));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("pong");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void idleConnectionsAreClosed() throws Exception {
    start(JettyServer.builder().idleTimeout(Duration.ofMillis(500)));
    Socket s = open();
    s.getOutputStream().write("GET /api/test/ping HTTP/1.1\r\nHost: x".getBytes());
    s.setSoTimeout(10_000);
    long t0 = System.nanoTime();
    InputStream in = s.getInputStream();
    // the server closes the half-sent request (possibly after an error answer)
    byte[] rest = in.readAllBytes();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(9));
    assertThat(new String(rest, StandardCharsets.ISO_8859_1)).doesNotContain("pong");
  }

  @Test
  void aBodySentTooSlowlyFailsAndFreesItsWorker() throws Exception {
    start(JettyServer.builder().minRequestDataRate(1000).maxConcurrentRequests(1)
        .maxQueueWait(Duration.ofSeconds(90)));
    Socket s = open();
    OutputStream out = s.getOutputStream();
    out.write(("POST /api/test/echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
        + "Content-Length: 100000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    // 10 bytes a second: far below 1000 bytes a second
    ExecutorService drip = Executors.newSingleThreadExecutor();
    Future<?> dripping = drip.submit(() -> {
      try {
        for (int i = 0; i < 60; i++) {
          out.write("0123456789".getBytes());
          out.flush();
          Thread.sleep(1000);
        }
      } catch (IOException | InterruptedException e) {
        // closed by the server: expected
      }
    });
    try {
      // the one worker is freed once the body is declared too slow; the ping then answers
      // generous for a loaded machine: without the rate check the body holds the worker 60 s
      HttpResponse<String> r = get("/api/test/ping", Duration.ofSeconds(45));
      assertThat(r.statusCode()).isEqualTo(200);
    } finally {
      dripping.cancel(true);
      drip.shutdownNow();
    }
  }

  @Test
  void aSmallBodyInTwoPacketsASecondApartIsAnswered() throws Exception {
    // A browser on a busy machine sent a 300-byte JSON body a little late: Jetty's own rate check
    // (bytes since the first byte, no grace) failed it and the catalog answered 500.
    start(JettyServer.builder());
    Socket s = open();
    OutputStream out = s.getOutputStream();
    out.write(("POST /api/test/echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
        + "Content-Length: 20\r\nConnection: close\r\n\r\n0123456789").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    Thread.sleep(1500);
    out.write("abcdefghij".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    assertThat(answer).startsWith("HTTP/1.1 200").endsWith("\r\n\r\n20");
  }

  @Test
  void aBodyTooSlowAfterTheGraceAnswers408() throws Exception {
    start(JettyServer.builder().minRequestDataRate(1000));
    Socket s = open();
    OutputStream out = s.getOutputStream();
    out.write(("POST /api/test/echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
        + "Content-Length: 100000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    long t0 = System.nanoTime();
    try {
      for (int i = 0; i < 30; i++) {
        out.write("0123456789".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Thread.sleep(500);
        if (s.getInputStream().available() > 0) {
          break;
        }
      }
    } catch (IOException e) {
      // the server may close first
    }
    String answer = new String(s.getInputStream().readNBytes(400), StandardCharsets.ISO_8859_1);
    assertThat(answer).startsWith("HTTP/1.1 408");
    assertThat(answer).contains("RequestTimeoutError", "less than 1000 bytes a second");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(14));
  }

  @Test
  void busyServersAnswer503InBackstagesShapeWithRetryAfter() throws Exception {
    start(JettyServer.builder().maxConcurrentRequests(1).maxQueuedRequests(0));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<HttpResponse<String>> blocked =
          pool.submit(() -> get("/api/test/block", Duration.ofSeconds(60)));
      // the blocking request holds the only slot once its handler runs
      assertThat(blocking.await(30, TimeUnit.SECONDS)).isTrue();
      HttpResponse<String> r = get("/api/test/ping", Duration.ofSeconds(10));
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.headers().firstValue("Retry-After")).isPresent();
      assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
          v -> assertThat(v).startsWith("application/json"));
      assertThat(r.body()).contains("\"name\":\"ServiceUnavailableError\"",
          "\"statusCode\":503");
      release.countDown();
      assertThat(blocked.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void openStreamsAreCountedApartAndNeverTakeShortRequestsPlaces() throws Exception {
    start(JettyServer.builder().maxStreams(3).maxConcurrentRequests(2));
    for (int i = 0; i < 3; i++) {
      Socket s = open();
      s.getOutputStream().write("GET /api/test/stream HTTP/1.1\r\nHost: localhost\r\n\r\n"
          .getBytes());
      s.setSoTimeout(10_000);
      byte[] buf = new byte[200];
      int n = s.getInputStream().read(buf);
      assertThat(new String(buf, 0, n, StandardCharsets.UTF_8)).startsWith("HTTP/1.1 200");
    }
    HttpResponse<String> fourth = get("/api/test/stream", Duration.ofSeconds(10));
    assertThat(fourth.statusCode()).isEqualTo(503);
    assertThat(fourth.body()).contains("ServiceUnavailableError");
    assertThat(get("/api/test/ping", Duration.ofSeconds(10)).statusCode()).isEqualTo(200);
  }

  @Test
  void malformedRequestsGetBackstagesJsonErrorNotAnHtmlPage() throws Exception {
    start(JettyServer.builder().maxHeaderBytes(4096));
    for (String target : List.of("/api/test/ping?cursor=%%%", "/api/test/%zz")) {
      String answer = raw("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close"
          + "\r\n\r\n");
      assertThat(answer).as(target).startsWith("HTTP/1.1 400");
      assertThat(answer).as(target).contains("application/json", "\"name\":\"InputError\"")
          .doesNotContain("<html");
    }
    String big = raw("GET /api/test/ping HTTP/1.1\r\nHost: localhost\r\nX-Big: "
        + "a".repeat(8000) + "\r\nConnection: close\r\n\r\n");
    assertThat(big).startsWith("HTTP/1.1 431").contains("\"error\"").doesNotContain("<html");
  }

  /** Issue 13: sign-in sets several cookies in one answer (the servlet adapter kept the last). */
  @Test
  void severalSetCookieHeadersAndRequestCookiesPassTheServletAdapter() throws Exception {
    start(JettyServer.builder());
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
        + "/api/test/cookies")).header("Cookie", "a=x; b=\"quoted\"").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.headers().allValues("set-cookie")).containsExactly("one=1; Path=/",
        "two=2; Path=/");
    assertThat(r.body()).isEqualTo("quoted");
  }

  private String raw(String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
