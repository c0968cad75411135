package dev.greenroom.scaffolder.action.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.processing.location.UrlReader;
import dev.greenroom.scaffolder.Scaffolder;
import dev.greenroom.scaffolder.action.RemoteTargets;
import dev.greenroom.scaffolder.run.RunRequest;
import dev.greenroom.scaffolder.run.RunResult;
import dev.greenroom.scaffolder.run.StepFailedException;
import dev.greenroom.scaffolder.template.Template;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression tests for security issue 18, item 5: a template's {@code publish:git} remote and
 * {@code fetch:*} URL cannot reach the server's disk or internal addresses unless the deployer
 * allows them.
 */
class RemoteTargetsActionsTest {
  @TempDir Path tmp;
  Path templateDir;
  Path ws;

  @BeforeEach
  void setUp() throws Exception {
    templateDir = tmp.resolve("template");
    ws = tmp.resolve("ws");
    Files.createDirectories(templateDir);
    Files.writeString(templateDir.resolve("README.md"), "# hello\n");
  }

  private RunResult run(Scaffolder s, String steps) {
    Template t = Template.fromYaml("t.yaml", """
        apiVersion: scaffolder.backstage.io/v1beta3
        kind: Template
        metadata: { name: remote }
        spec:
          type: service
          steps:
        """ + steps.indent(4), templateDir.toUri().toString());
    return s.runner().run(RunRequest.builder(t, ws).parameters(Json.object()).build());
  }

  private static String publish(String remote) {
    return """
        - id: fetch
          action: fetch:plain
          input: { url: ./ }
        - id: publish
          action: publish:git
          input: { remoteUrl: "%s", defaultBranch: main }
        """.formatted(remote);
  }

  private Path bareRepo() throws Exception {
    Path bare = tmp.resolve("server/repos/victim.git");
    Git.init().setBare(true).setDirectory(bare.toFile()).call().close();
    return bare;
  }

  private static boolean hasBranch(Path bare, String branch) throws Exception {
    try (Repository r = Git.open(bare.toFile()).getRepository()) {
      return r.exactRef("refs/heads/" + branch) != null;
    }
  }

  @Test
  void publishGitToAFileUrlIsRefused() throws Exception {
    Path bare = bareRepo();
    Scaffolder s = Scaffolder.builder().defaultActions().workspaceRoot(tmp).build();
    assertThatThrownBy(() -> run(s, publish(bare.toUri().toString())))
        .isInstanceOf(StepFailedException.class)
        .hasMessageContaining("publish:git")
        .hasMessageContaining("local target " + bare)
        .hasMessageContaining("not allowed");
    assertThat(hasBranch(bare, "main")).isFalse();
  }

  @Test
  void publishGitToAPlainPathIsRefused() throws Exception {
    Path bare = bareRepo();
    Scaffolder s = Scaffolder.builder().defaultActions().workspaceRoot(tmp).build();
    assertThatThrownBy(() -> run(s, publish(bare.toString())))
        .isInstanceOf(StepFailedException.class).hasMessageContaining("local target " + bare);
    assertThat(hasBranch(bare, "main")).isFalse();
  }

  @Test
  void publishGitToALocalRepositoryWorksOnceTheDeployerAllowsItsFolder() throws Exception {
    Path bare = bareRepo();
    Scaffolder s = Scaffolder.builder().defaultActions().workspaceRoot(tmp)
        .publishTargets(RemoteTargets.builder().allowFileRoot(tmp.resolve("server/repos")).build())
        .build();
    run(s, publish(bare.toUri().toString()));
    assertThat(hasBranch(bare, "main")).isTrue();
    Path other = tmp.resolve("elsewhere.git");
    Git.init().setBare(true).setDirectory(other.toFile()).call().close();
    assertThatThrownBy(() -> run(s, publish(other.toUri().toString())))
        .hasMessageContaining("outside the allowed file roots");
  }

  @Test
  void publishGitToLoopbackIsRefusedWithoutConnecting() throws Exception {
    AtomicInteger connections = new AtomicInteger();
    try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      Thread acceptor = new Thread(() -> {
        while (!server.isClosed()) {
          try (Socket s = server.accept()) {
            connections.incrementAndGet(); // closed at once: a push that got here fails fast
          } catch (IOException e) {
            return;
          }
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      String remote = "http://127.0.0.1:" + server.getLocalPort() + "/acme/repo.git";
      Scaffolder s = Scaffolder.builder().defaultActions().workspaceRoot(tmp).build();
      assertThatThrownBy(() -> run(s, publish(remote)))
          .isInstanceOf(StepFailedException.class)
          .hasMessageContaining("publish:git")
          .hasMessageContaining("host 127.0.0.1:" + server.getLocalPort())
          .hasMessageContaining("loopback")
          .hasMessageContaining("refusing to connect");
    }
    assertThat(connections).hasValue(0);
  }

  @Test
  void publishGitToANameThatResolvesToAPrivateAddressIsRefused() {
    RemoteTargets targets = RemoteTargets.builder()
        .resolver(h -> new InetAddress[] {
            InetAddress.getByAddress(h, new byte[] {93, (byte) 184, (byte) 215, 14}),
            InetAddress.getByAddress(h, new byte[] {10, 0, 0, 7})})
        .build();
    Scaffolder s = Scaffolder.builder().defaultActions().workspaceRoot(tmp).publishTargets(targets)
        .build();
    assertThatThrownBy(() -> run(s, publish("https://git.evil.example/acme/repo.git")))
        .hasMessageContaining("host git.evil.example:443 resolves to 10.0.0.7, a private address");
    assertThatThrownBy(() -> run(s, publish("git@git.evil.example:acme/repo.git")))
        .hasMessageContaining("host git.evil.example:22 resolves to 10.0.0.7");
    assertThatThrownBy(() -> run(s, publish("ext::sh -c touch% /tmp/pwned")))
        .hasMessageContaining("publish:git");
  }

  @Test
  void fetchFromLoopbackIsRefusedBeforeTheReaderIsAsked() {
    List<String> asked = new ArrayList<>();
    UrlReader reader = new UrlReader() {
      @Override
      public ReadResponse read(String url, @Nullable String etag, long maxBytes) {
        asked.add(url);
        return ReadResponse.of("internal".getBytes(StandardCharsets.UTF_8), null);
      }
    };
    Scaffolder s = Scaffolder.builder().defaultActions().urlReader(reader).workspaceRoot(tmp).build();
    assertThatThrownBy(() -> run(s, """
        - id: f
          action: fetch:plain:file
          input: { url: "http://169.254.169.254/latest/meta-data/", targetPath: x.txt }
        """)).isInstanceOf(StepFailedException.class)
        .hasMessageContaining("host 169.254.169.254:80 resolves to 169.254.169.254, a link-local");
    assertThatThrownBy(() -> run(s, """
        - id: f
          action: fetch:plain:file
          input: { url: "http://[::1]:8080/admin", targetPath: x.txt }
        """)).hasMessageContaining("loopback");
    assertThat(asked).isEmpty();
    Scaffolder allowed = Scaffolder.builder().defaultActions().urlReader(reader).workspaceRoot(tmp)
        .fetchTargets(RemoteTargets.builder().allowHost("127.0.0.1:7007").build()).build();
    run(allowed, """
        - id: f
          action: fetch:plain:file
          input: { url: "http://127.0.0.1:7007/internal.txt", targetPath: x.txt }
        """);
    assertThat(asked).containsExactly("http://127.0.0.1:7007/internal.txt");
  }

  @Test
  void addressesAreClassified() throws Exception {
    for (String a : List.of("127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
        "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fd00:ec2::254", "::ffff:127.0.0.1", "::127.0.0.1",
        "64:ff9b::a00:1", "224.0.0.1", "255.255.255.255")) {
      assertThat(RemoteTargets.nonPublic(InetAddress.getByName(a))).as(a).isNotNull();
    }
    for (String a : List.of("93.184.215.14", "140.82.112.3", "2606:4700::6810:84e5")) {
      assertThat(RemoteTargets.nonPublic(InetAddress.getByName(a))).as(a).isNull();
    }
  }

  @Test
  void aWildcardEntryDoesNotExemptAPrivateAddress() {
    RemoteTargets targets = RemoteTargets.builder().allowHost("*.corp.example")
        .allowHost("git.corp.example:8443")
        .resolver(h -> new InetAddress[] {InetAddress.getByAddress(h, new byte[] {10, 0, 0, 1})})
        .build();
    assertThatThrownBy(() -> targets.checkHost("publish:git", "other.corp.example", 443))
        .hasMessageContaining("other.corp.example:443 resolves to 10.0.0.1");
    targets.checkHost("publish:git", "git.corp.example", 8443);
    assertThatThrownBy(() -> targets.checkHost("publish:git", "git.corp.example", 22))
        .hasMessageContaining("git.corp.example:22");
  }
}
