package dev.greenroom.scaffolder.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.greenroom.scaffolder.action.RemoteTargets;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pushes over HTTP carry the integration's credentials as git's smart HTTP expects them (basic
 * auth after a 401 challenge), a refusing host is named in the error without the token, and a
 * host outside the push targets is refused before any request.
 */
class BranchPusherTest {
  static final String TOKEN = "ghs_pushT0kenNeverShown0000000000000000";
  @TempDir Path tmp;
  HttpServer server;
  final List<String> authorizations = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", ex -> {
      try (ex) {
        authorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
        ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
        ex.sendResponseHeaders(401, -1);
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  RepositoryLocation repo() {
    String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/acme/svc";
    return new RepositoryLocation(base + "/tree/main/", base + ".git", "main");
  }

  List<FileChange> change() {
    return List.of(new FileChange("a.txt", FileChange.Status.ADDED, "", "a\n".getBytes(
        StandardCharsets.UTF_8), null));
  }

  @Test
  void credentialsAreSentAndNeverShown() {
    BranchPusher pusher = new BranchPusher(
        RemoteTargets.builder().allowHost("127.0.0.1:" + server.getAddress().getPort()).build(),
        url -> Optional.of(new GitCredentials.Basic("x-access-token", TOKEN)));
    assertThatThrownBy(() -> pusher.push(repo(), "greenroom/upgrade-svc-1", "msg", change(),
        tmp))
        .isInstanceOf(UpgradeException.class)
        .hasMessageContaining(repo().gitUrl())
        .satisfies(e -> assertThat(String.valueOf(e.getMessage()) + e.getCause())
            .doesNotContain(TOKEN));
    String expected = "Basic " + Base64.getEncoder().encodeToString(
        ("x-access-token:" + TOKEN).getBytes(StandardCharsets.UTF_8));
    assertThat(authorizations).contains(expected);
  }

  @Test
  void aHostOutsideThePushTargetsIsRefusedBeforeAnyRequest() {
    BranchPusher pusher = new BranchPusher(RemoteTargets.publicOnly(), GitCredentials.NONE);
    assertThatThrownBy(() -> pusher.push(repo(), "b", "msg", change(), tmp))
        .isInstanceOf(UpgradeException.class)
        .hasMessageContaining("127.0.0.1");
    assertThat(authorizations).isEmpty();
  }
}
