package dev.greenroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.http.BackendServer;
import dev.greenroom.http.auth.Permission;
import dev.greenroom.http.scaffolder.UpgradeFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code greenroom template diff|fleet|upgrade} against a real server: backend-http's {@link
 * UpgradeFixture} (a repository created from template v1 by a real run pushing to a local bare
 * repository, edited locally, the template moved to v2 in its git history).
 */
class TemplateCommandTest {
  @TempDir Path dir;
  UpgradeFixture world;
  BackendServer server;

  @BeforeEach
  void start() throws Exception {
    world = new UpgradeFixture(dir);
    server = world.server();
  }

  @AfterEach
  void stop() {
    world.close();
  }

  @Test
  void diffFleetAndUpgradePrintWhatTheServerComputed() throws Exception {
    String url = server.baseUrl().toString();
    CliRun fleet = CliRun.run("template", "fleet", "template:default/demo", "--server", url);
    assertThat(fleet.status).as(fleet.err).isZero();
    assertThat(fleet.out).containsPattern("component:default/svc\tsha256:[0-9a-f]{16}\toutdated");

    CliRun diff = CliRun.run("template", "diff", "component:default/svc", "--server", url);
    assertThat(diff.status).as(diff.err).isZero();
    assertThat(diff.out).containsPattern("^# component:default/svc: template:default/demo "
        + "sha256:[0-9a-f]{16} -> sha256:[0-9a-f]{16}, 3 files\n");
    assertThat(diff.out).contains("""
        --- a/app.conf
        +++ b/app.conf
        @@ -1,5 +1,5 @@
         service = svc
        -port = 8080
        +port = 9090
         timeout = 30
         retries = 3
        -log = debug
        +log = info
        """);

    CliRun up = CliRun.run("template", "upgrade", "component:default/svc", "--server", url);
    assertThat(up.status).as(up.err).isZero();
    assertThat(up.out).containsPattern("Pushed greenroom/upgrade-demo-sha256-[0-9a-f]{16} \\([0-9a-f]{40}\\)");
    String branch = up.out.replaceAll("(?s).*Pushed (\\S+) .*", "$1");
    assertThat(new String(world.tree(branch).get("app.conf"), StandardCharsets.UTF_8))
        .isEqualTo("service = svc\nport = 9090\ntimeout = 30\nretries = 3\nlog = debug\n");
  }

  @Test
  void serverRefusalsAreReportedWithTheirMessage() {
    String url = server.baseUrl().toString();
    CliRun missing = CliRun.run("template", "diff", "component:default/nobody", "--server", url);
    assertThat(missing.status).isEqualTo(1);
    assertThat(missing.err).contains("answered 404").contains("component:default/nobody not found");
    world.denied().add(Permission.TASK_CREATE);
    CliRun refused = CliRun.run("template", "diff", "component:default/svc", "--server", url);
    assertThat(refused.status).isEqualTo(1);
    assertThat(refused.err).contains("answered 403");
  }
}
