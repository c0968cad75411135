package dev.greenroom.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LocalAccessAuthenticatorTest {
  private final LocalAccessAuthenticator auth = LocalAccessAuthenticator.create();

  private static HttpHeaders headers(String... pairs) {
    Map<String, List<String>> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], List.of(pairs[i + 1]));
    }
    return HttpHeaders.of(m, (a, b) -> true);
  }

  @Test
  void loopbackHostsAndOriginsAreLetIn() {
    for (String host : List.of("localhost", "localhost:7007", "127.0.0.1:7007", "127.1.2.3",
        "[::1]:7007", "app.localhost:3000", "LOCALHOST.")) {
      assertThat(auth.authenticate(headers("Host", host))).as(host).isPresent();
    }
    assertThat(auth.authenticate(headers("Host", "localhost:7007",
        "Origin", "http://localhost:3000"))).isPresent();
    assertThat(auth.authenticate(headers("Host", "localhost:7007",
        "Origin", "https://[::1]:3000"))).isPresent();
    assertThat(auth.authenticate(headers())).contains(ApiPrincipal.ANONYMOUS);
  }

  @Test
  void otherHostsAndOriginsAreRefused() {
    for (String host : List.of("evil.example", "evil.example:7007", "127.0.0.1.evil.example",
        "localhost.evil.example", "10.0.0.1:7007", "127.0.0.256", "0x7f.0.0.1", "[::2]:7007")) {
      assertThat(auth.authenticate(headers("Host", host))).as(host).isEmpty();
    }
    for (String origin : List.of("https://evil.example", "null", "file://", "http://localhost.evil",
        "chrome-extension://abc", "http://127.0.0.1.nip.io:3000", "not a url")) {
      assertThat(auth.authenticate(headers("Host", "localhost", "Origin", origin)))
          .as(origin).isEmpty();
    }
  }
}
