package dev.greenroom.http.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.http.ApiPlugin;
import dev.greenroom.http.HttpApi;
import dev.greenroom.http.Router;
import dev.greenroom.http.auth.ApiPrincipal;
import dev.greenroom.http.auth.Authenticator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Regression: {@code UserSettingsHttpTest.onlySignedInUsersHaveSettings} once failed with "HTTP/1.1
 * header parser received no bytes". A request whose body the server does not read (a 401 before
 * the route reads it) left a keep-alive connection that the server then closed without saying
 * so; the JDK client sent its next request on it. A server that closes a connection after a
 * response must send {@code Connection: close} with it, and one that does not must answer the next
 * request on it.
 */
class JettyServerConnectionReuseTest {
  private static final String BODY = "{\"items\":[]}";

  private JettyServer server;

  @BeforeEach
  void start() {
    ApiPlugin test = new ApiPlugin() {
      @Override
      public String id() {
        return "test";
      }

      @Override
      public void routes(Router r) {
        r.get("/ping", Set.of(), call -> call.bytes(200, "text/plain", "pong".getBytes()));
        r.post("/echo", Set.of(), call -> call.bytes(200, "text/plain",
            String.valueOf(call.bodyBytes().length).getBytes()));
      }
    };
    Authenticator auth = headers -> headers.firstValue("authorization")
        .filter("Bearer ok"::equals)
        .map(h -> new ApiPrincipal("plugin:test"));
    server = JettyServer.builder().api(HttpApi.builder().authenticator(auth).plugin(test).build())
        .port(0).build().start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** One response: status line and headers, then the body of its Content-Length. */
  record Response(String head, String body) {
    boolean closes() {
      return head.toLowerCase(Locale.ROOT).contains("\r\nconnection: close");
    }
  }

  static Response read(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        return new Response(head.toString(StandardCharsets.ISO_8859_1), null);
      }
      head.write(b);
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String h = head.toString(StandardCharsets.ISO_8859_1);
    int length = 0;
    for (String line : h.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    byte[] body = in.readNBytes(length);
    return new Response(h, new String(body, StandardCharsets.UTF_8));
  }

  private static String post(String auth) {
    return "POST /api/test/echo HTTP/1.1\r\nHost: localhost\r\n" + auth
        + "Content-Type: application/json\r\nContent-Length: " + BODY.length() + "\r\n\r\n";
  }

  private static final String PING =
      "GET /api/test/ping HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ok\r\n\r\n";

  /**
   * The JDK client's order: the headers, then the body in a later write. The 401 is answered from
   * the headers alone, before the body arrives.
   */
  @Test
  void aRefusedRequestWhoseBodyArrivesAfterTheAnswerLeavesAConnectionThatSaysWhatItDoes()
      throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      out.write(post("").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Response refused = read(in);
      assertThat(refused.head()).startsWith("HTTP/1.1 401");
      assertThat(refused.body()).contains("Missing credentials");
      Thread.sleep(200); // the server has finished the exchange before the body comes
      out.write((BODY + PING).getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Response next = read(in);
      assertThat(refused.closes() || next.head().startsWith("HTTP/1.1 200"))
          .as("the 401 said nothing of closing (%s) and the next request got: %s",
              refused.head(), next.head())
          .isTrue();
    }
  }

  /**
   * Headers and body in one write: the server reads past the body that has arrived (Jetty's
   * {@code consumeAvailable}) and keeps the connection, without {@code Connection: close}.
   */
  @Test
  void aRefusedRequestWithItsBodyKeepsTheConnection() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      out.write((post("") + BODY).getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Response refused = read(in);
      assertThat(refused.head()).startsWith("HTTP/1.1 401");
      assertThat(refused.closes()).as(refused.head()).isFalse();
      out.write(PING.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertThat(read(in).body()).isEqualTo("pong");
    }
  }

  /** A request whose body the route reads keeps its connection, whatever the timing. */
  @Test
  void anAnsweredRequestKeepsTheConnection() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      out.write(post("Authorization: Bearer ok\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Thread.sleep(200);
      out.write(BODY.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Response echoed = read(in);
      assertThat(echoed.head()).startsWith("HTTP/1.1 200");
      assertThat(echoed.body()).isEqualTo(String.valueOf(BODY.length()));
      assertThat(echoed.closes()).as(echoed.head()).isFalse();
      out.write(PING.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertThat(read(in).body()).isEqualTo("pong");
    }
  }
}
