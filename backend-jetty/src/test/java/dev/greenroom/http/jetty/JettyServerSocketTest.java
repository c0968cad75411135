package dev.greenroom.http.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.http.ApiPlugin;
import dev.greenroom.http.HttpApi;
import dev.greenroom.http.Router;
import dev.greenroom.http.auth.ApiPrincipal;
import dev.greenroom.http.auth.Authenticator;
import dev.greenroom.http.socket.SocketEndpoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** WebSocket endpoints on {@link JettyServer}: authenticated upgrades, text both ways, limits. */
class JettyServerSocketTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
  private final List<WebSocket> open = new ArrayList<>();
  private JettyServer server;

  /** Echoes each text with the caller's name; reports opens and closes. */
  private final SocketEndpoint echo = new SocketEndpoint() {
    @Override
    public String path() {
      return "/api/echo";
    }

    @Override
    public SocketListener open(Principal caller, SocketPeer peer) {
      events.add("open " + caller.getName());
      return new SocketListener() {
        @Override
        public void onText(String text) {
          peer.send(caller.getName() + ": " + text);
        }

        @Override
        public void onClose() {
          events.add("close " + caller.getName());
        }
      };
    }
  };

  private final ApiPlugin ping = new ApiPlugin() {
    @Override
    public String id() {
      return "test";
    }

    @Override
    public void routes(Router r) {
      r.get("/ping", Set.of(), call -> call.bytes(200, "text/plain", "pong".getBytes()));
    }
  };

  private void start(JettyServer.Builder b) {
    Authenticator auth = headers -> headers.firstValue("authorization")
        .filter(h -> h.equals("Bearer good-token"))
        .or(() -> headers.firstValue("cookie").filter(c -> c.equals("session=good")))
        .map(h -> (Principal) new ApiPrincipal("user:default/jane"));
    server = b.api(HttpApi.builder().authenticator(auth).plugin(ping).build())
        .port(0).socket(echo).build().start();
  }

  @AfterEach
  void stop() {
    for (WebSocket ws : open) {
      ws.abort();
    }
    if (server != null) {
      server.close();
    }
  }

  private CompletableFuture<WebSocket> connect(String token, LinkedBlockingQueue<String> got) {
    WebSocket.Builder b = http.newWebSocketBuilder();
    if (token != null) {
      b.subprotocols(token);
    }
    return b.buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/api/echo"),
        new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            got.add(data.toString());
            w.request(1);
            return null;
          }

          @Override
          public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
            got.add("closed " + code);
            return null;
          }
        });
  }

  @Test
  void theBrowsersProtocolTokenAuthenticatesTheUpgradeAndIsEchoed() throws Exception {
    start(JettyServer.builder());
    LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
    WebSocket ws = connect("good-token", got).get(10, TimeUnit.SECONDS);
    open.add(ws);
    assertThat(ws.getSubprotocol()).isEqualTo("good-token");
    assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("open user:default/jane");
    ws.sendText("hello", true).get(10, TimeUnit.SECONDS);
    assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("user:default/jane: hello");
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
    assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("close user:default/jane");
  }

  @Test
  void upgradesWithoutOrWithBadTokensAre401AndNeverOpen() throws Exception {
    start(JettyServer.builder());
    for (String token : new String[] {null, "bad-token"}) {
      try {
        connect(token, new LinkedBlockingQueue<>()).get(10, TimeUnit.SECONDS);
        throw new AssertionError("upgrade accepted with " + token);
      } catch (ExecutionException e) {
        assertThat(e).hasStackTraceContaining("401");
      }
    }
    // a cookie the authenticator accepts on reads does not open a socket: any site's page sends it
    try {
      http.newWebSocketBuilder().header("Cookie", "session=good")
          .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/api/echo"),
              new WebSocket.Listener() { })
          .get(10, TimeUnit.SECONDS);
      throw new AssertionError("upgrade accepted with a cookie");
    } catch (ExecutionException e) {
      assertThat(e).hasStackTraceContaining("401");
    }
    assertThat(events).isEmpty();
  }

  @Test
  void openSocketsHoldNoRequestSlotAndStayOpenWhilePinged() throws Exception {
    start(JettyServer.builder().maxConcurrentRequests(1).maxQueuedRequests(0)
        .socketIdleTimeout(Duration.ofSeconds(1)).socketPingInterval(Duration.ofMillis(200)));
    List<LinkedBlockingQueue<String>> queues = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      LinkedBlockingQueue<String> q = new LinkedBlockingQueue<>();
      open.add(connect("good-token", q).get(10, TimeUnit.SECONDS));
      queues.add(q);
    }
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
        URI.create(server.baseUrl() + "/api/test/ping")).header("Authorization", "Bearer good-token")
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    // three idle timeouts pass; pings keep the sockets open
    Thread.sleep(3000);
    for (int i = 0; i < 3; i++) {
      open.get(i).sendText("still here", true).get(10, TimeUnit.SECONDS);
      assertThat(queues.get(i).poll(10, TimeUnit.SECONDS))
          .isEqualTo("user:default/jane: still here");
    }
  }

  @Test
  void aTextFrameOverTheLimitClosesTheConnection() throws Exception {
    start(JettyServer.builder());
    LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
    WebSocket ws = connect("good-token", got).get(10, TimeUnit.SECONDS);
    open.add(ws);
    ws.sendText("x".repeat(100 * 1024), true);
    assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("closed 1009");
  }
}
