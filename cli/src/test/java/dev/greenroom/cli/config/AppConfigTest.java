package dev.greenroom.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.processing.LocationSpec;
import dev.greenroom.catalog.processing.OrphanStrategy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppConfigTest {
  @TempDir Path dir;

  private Path write(String name, String yaml) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, yaml);
    return file;
  }

  private static @Nullable String noEnv(String name) {
    return null;
  }

  @Test
  void defaultsWithoutFiles() {
    AppConfig c = AppConfig.defaults();
    assertThat(c.port()).isEqualTo(7007);
    assertThat(c.host()).isEmpty();
    assertThat(c.database()).isEqualTo(new Database.Embedded(false));
    assertThat(c.locations()).isEmpty();
    assertThat(c.readingAllow()).isEmpty();
    assertThat(c.staticTokens()).isEmpty();
    assertThat(c.processingInterval()).isEmpty();
    assertThat(c.processingDisabled()).isFalse();
    assertThat(c.orphanStrategy()).isEqualTo(OrphanStrategy.DELETE);
    assertThat(c.readonly()).isFalse();
  }

  @Test
  void serverSideReachIsMappedFromTheConfig() throws IOException {
    Path file = write("conf/app-config.yaml", """
        backend:
          reading:
            allow:
              - host: https://git.internal:8443
              - host: docs.example.com
                paths: [/catalog/]
        scaffolder:
          publish:
            allow:
              - host: git.internal:8443
              - folder: /srv/git
        catalog:
          locations:
            - {type: file, target: catalog-info.yaml}
            - {type: file, target: ../teams/*/catalog-info.yaml}
            - {type: url, target: https://example.com/catalog-info.yaml}
        """);
    AppConfig c = AppConfig.load(List.of(file), AppConfigTest::noEnv);
    assertThat(c.readingAllowHosts()).containsExactly("git.internal:8443", "docs.example.com");
    assertThat(c.publishAllowHosts()).containsExactly("git.internal:8443");
    assertThat(c.publishAllowFolders()).containsExactly(Path.of("/srv/git"));
    assertThat(c.fileLocationFolders())
        .containsExactly(dir.resolve("conf").toAbsolutePath().normalize(),
            dir.resolve("teams").toAbsolutePath().normalize());
    assertThat(AppConfig.defaults().publishAllowHosts()).isEmpty();
    Path bad = write("bad.yaml", "scaffolder:\n  publish:\n    allow:\n      - {}\n");
    assertThatThrownBy(() -> AppConfig.load(List.of(bad), AppConfigTest::noEnv).publishAllowHosts())
        .isInstanceOf(ConfigException.class).hasMessageContaining("scaffolder.publish.allow[0]");
  }

  @Test
  void readsBackstageAppConfig() throws IOException {
    Path file = write("app-config.yaml", """
        app:
          title: Scaffolded Backstage App
          baseUrl: http://localhost:3000
        backend:
          baseUrl: http://localhost:7007
          listen:
            port: 7070
            host: 127.0.0.1
          reading:
            allow:
              - host: example.com
              - host: '*.internal.example'
              - host: docs.example.com
                paths: [/catalog/, team]
          auth:
            externalAccess:
              - type: static
                options:
                  token: abcdefgh12345678
                  subject: ci-bot
              - type: legacy
                options: {secret: c2VjcmV0}
        catalog:
          readonly: true
          orphanStrategy: keep
          processingInterval: {minutes: 5}
          rules:
            - allow: [Component, System, API, Resource, Location]
          locations:
            - type: file
              target: ../../examples/entities.yaml
            - type: url
              target: https://example.com/catalog-info.yaml
              rules:
                - allow: [User, Group]
        """);
    AppConfig c = AppConfig.load(List.of(file), AppConfigTest::noEnv);
    assertThat(c.port()).isEqualTo(7070);
    assertThat(c.host()).contains("127.0.0.1");
    assertThat(c.readingAllow()).containsExactly("example.com", "*.internal.example",
        "docs.example.com/catalog/", "docs.example.com/team");
    assertThat(c.staticTokens()).containsExactly(new AppConfig.StaticToken("abcdefgh12345678", "ci-bot"));
    assertThat(c.readonly()).isTrue();
    assertThat(c.orphanStrategy()).isEqualTo(OrphanStrategy.KEEP);
    assertThat(c.processingInterval()).contains(Duration.ofMinutes(5));
    assertThat(c.locations()).containsExactly(
        LocationSpec.of("file", dir.resolve("../../examples/entities.yaml").normalize().toString()),
        LocationSpec.of("url", "https://example.com/catalog-info.yaml"));
    Entity system = entity("System", "s");
    Entity user = entity("User", "u");
    LocationSpec url = LocationSpec.of("url", "https://example.com/catalog-info.yaml");
    LocationSpec other = LocationSpec.of("url", "https://example.com/other.yaml");
    assertThat(c.rules().isAllowed(system, other)).isTrue();
    assertThat(c.rules().isAllowed(user, other)).isFalse();
    assertThat(c.rules().isAllowed(user, url)).isTrue();
  }

  @Test
  void fileLocationRulesMatchTheResolvedTarget() throws IOException {
    Path file = write("conf/app-config.yaml", """
        catalog:
          locations:
            - type: file
              target: catalog/org.yaml
              rules:
                - allow: [Group]
        """);
    AppConfig c = AppConfig.load(List.of(file), AppConfigTest::noEnv);
    String target = dir.resolve("conf/catalog/org.yaml").toString();
    assertThat(c.locations()).containsExactly(LocationSpec.of("file", target));
    assertThat(c.rules().isAllowed(entity("Group", "g"), LocationSpec.of("file", target))).isTrue();
    assertThat(c.rules().isAllowed(entity("Group", "g"), LocationSpec.of("file", "/elsewhere.yaml")))
        .isFalse();
  }

  @Test
  void laterFilesWinObjectsMergeArraysReplace() throws IOException {
    Path base = write("app-config.yaml", """
        backend:
          listen: {port: 7007, host: 0.0.0.0}
        catalog:
          readonly: false
          locations:
            - {type: file, target: a.yaml}
            - {type: file, target: b.yaml}
        """);
    Path local = write("local/app-config.local.yaml", """
        backend:
          listen:
            port: 8080
        catalog:
          readonly: true
          locations:
            - {type: file, target: c.yaml}
        """);
    AppConfig c = AppConfig.load(List.of(base, local), AppConfigTest::noEnv);
    assertThat(c.port()).isEqualTo(8080);
    assertThat(c.host()).contains("0.0.0.0");
    assertThat(c.readonly()).isTrue();
    // each file's relative targets resolve against its own folder
    assertThat(c.locations()).containsExactly(
        LocationSpec.of("file", dir.resolve("local/c.yaml").toString()));
    assertThat(c.files()).containsExactly(base.toString(), local.toString());
  }

  @Test
  void substitutesEnvironmentVariablesAsBackstageDoes() throws IOException {
    Map<String, String> env = Map.of("PORT", "9000", "HOST", "db.internal", "USER", "svc",
        "EMPTY", "");
    Path file = write("app-config.yaml", """
        backend:
          listen:
            port: ${PORT}
          database:
            client: pg
            connection:
              host: ${ HOST }
              port: ${PG_PORT:-6543}
              user: ${USER}
              password: ${UNSET_PASSWORD}
              database: cat_${EMPTY:-alog}
        catalog:
          locations:
            - type: url
              target: https://example.com/$${literal}/${USER}.yaml
        """);
    AppConfig c = AppConfig.load(List.of(file), env::get);
    assertThat(c.port()).isEqualTo(9000);
    // the unset password drops the key; the fallback fills the unset port and the empty name
    assertThat(c.database()).isEqualTo(
        new Database.Postgres("jdbc:postgresql://db.internal:6543/cat_alog?user=svc"));
    assertThat(c.locations()).containsExactly(
        LocationSpec.of("url", "https://example.com/${literal}/svc.yaml"));
    assertThat(c.tree().path("backend").path("database").path("connection").has("password"))
        .isFalse();
  }

  @Test
  void envAndFileDirectives() throws IOException {
    write("secret.txt", "s3cr3t-token-value");
    Path file = write("app-config.yaml", """
        backend:
          listen:
            port: {$env: PORT}
          auth:
            externalAccess:
              - type: static
                options:
                  token: {$file: secret.txt}
        """);
    AppConfig c = AppConfig.load(List.of(file), Map.of("PORT", "7100")::get);
    assertThat(c.port()).isEqualTo(7100);
    assertThat(c.staticTokens()).extracting(AppConfig.StaticToken::token)
        .containsExactly("s3cr3t-token-value");
    assertThat(c.staticTokens().get(0).subject()).isEqualTo("external:static");
  }

  @Test
  void postgresConnectionString() throws IOException {
    Path file = write("app-config.yaml", """
        backend:
          database:
            client: pg
            connection: postgresql://backstage:p%40ss%20word@pg.example:5433/catalog?sslmode=require
        """);
    Database.Postgres pg = (Database.Postgres) AppConfig.load(List.of(file), AppConfigTest::noEnv).database();
    assertThat(pg.jdbcUrl()).isEqualTo(
        "jdbc:postgresql://pg.example:5433/catalog?user=backstage&password=p%40ss%20word&sslmode=require");
    assertThat(pg.redactedUrl()).doesNotContain("p%40ss").contains("password=***");
    assertThat(pg.toString()).doesNotContain("p%40ss");
  }

  @Test
  void postgresObjectDefaultsToBackstagesDatabaseName() throws IOException {
    Path file = write("app-config.yaml", """
        backend:
          database:
            client: pg
            connection: {host: localhost, user: postgres, password: pw}
        """);
    assertThat(AppConfig.load(List.of(file), AppConfigTest::noEnv).database()).isEqualTo(
        new Database.Postgres("jdbc:postgresql://localhost:5432/backstage_plugin_catalog?user=postgres&password=pw"));
  }

  @Test
  void sqliteFallsBackToH2() throws IOException {
    Path memory = write("memory.yaml", """
        backend:
          database:
            client: better-sqlite3
            connection: ':memory:'
        """);
    Path onDisk = write("disk.yaml", """
        backend:
          database:
            client: sqlite3
            connection:
              directory: /tmp/backstage
        """);
    assertThat(AppConfig.load(List.of(memory), AppConfigTest::noEnv).database())
        .isEqualTo(new Database.Embedded(true));
    assertThat(AppConfig.load(List.of(onDisk), AppConfigTest::noEnv).database())
        .isEqualTo(new Database.Embedded(false));
  }

  @Test
  void listenAsString() throws IOException {
    Path file = write("app-config.yaml", "backend:\n  listen: ':7300'\n");
    AppConfig c = AppConfig.load(List.of(file), AppConfigTest::noEnv);
    assertThat(c.port()).isEqualTo(7300);
    assertThat(c.host()).isEmpty();
    Path withHost = write("b.yaml", "backend:\n  listen: 'localhost:0'\n");
    AppConfig d = AppConfig.load(List.of(withHost), AppConfigTest::noEnv);
    assertThat(d.port()).isZero();
    assertThat(d.host()).contains("localhost");
  }

  @Test
  void processingIntervalForms() throws IOException {
    assertThat(interval("{seconds: 30}").processingInterval()).contains(Duration.ofSeconds(30));
    assertThat(interval("{hours: 1, minutes: 30}").processingInterval()).contains(Duration.ofMinutes(90));
    assertThat(interval("PT2M").processingInterval()).contains(Duration.ofMinutes(2));
    assertThat(interval("'45s'").processingInterval()).contains(Duration.ofSeconds(45));
    AppConfig off = interval("false");
    assertThat(off.processingDisabled()).isTrue();
    assertThat(off.processingInterval()).isEmpty();
    assertThatThrownBy(() -> interval("{fortnights: 1}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("catalog.processingInterval.fortnights");
    assertThatThrownBy(() -> interval("{seconds: 0}"))
        .hasMessageContaining("catalog.processingInterval must be a positive duration");
    assertThatThrownBy(() -> interval("soon")).hasMessageContaining("catalog.processingInterval");
    assertThatThrownBy(() -> interval("true")).hasMessageContaining("got true");
  }

  @Test
  void catalogCacheKeysAreGreenroomsOwnAndChecked() throws IOException {
    AppConfig defaults = AppConfig.defaults();
    assertThat(defaults.catalogCacheMaximumSize()).isEqualTo(10_000);
    assertThat(defaults.catalogCacheTtl()).isEmpty();
    assertThat(defaults.catalogCacheCheckInterval()).isEmpty();
    Path set = write("cache.yaml", "catalog:\n  cache:\n    maximumSize: '500'\n"
        + "    ttl: {minutes: 10}\n    checkInterval: 250ms\n");
    AppConfig c = AppConfig.load(List.of(set), AppConfigTest::noEnv);
    assertThat(c.catalogCacheMaximumSize()).isEqualTo(500);
    assertThat(c.catalogCacheTtl()).contains(Duration.ofMinutes(10));
    assertThat(c.catalogCacheCheckInterval()).contains(Duration.ofMillis(250));
    Path negative = write("negative.yaml", "catalog:\n  cache:\n    maximumSize: -1\n");
    assertThatThrownBy(() -> AppConfig.load(List.of(negative), AppConfigTest::noEnv))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Invalid config in '" + negative
            + "': catalog.cache.maximumSize must be 0 (no cache) or more, got -1");
    Path zero = write("zero.yaml", "catalog:\n  cache:\n    ttl: {seconds: 0}\n");
    assertThatThrownBy(() -> AppConfig.load(List.of(zero), AppConfigTest::noEnv))
        .hasMessageContaining("catalog.cache.ttl must be a positive duration");
    Path word = write("word.yaml", "catalog:\n  cache:\n    checkInterval: often\n");
    assertThatThrownBy(() -> AppConfig.load(List.of(word), AppConfigTest::noEnv))
        .hasMessageContaining("catalog.cache.checkInterval");
  }

  @Test
  void maxConcurrentRequestsIsGreenroomsOwnAndChecked() throws IOException {
    assertThat(AppConfig.defaults().maxConcurrentRequests()).isEmpty();
    Path two = write("two.yaml", "backend:\n  maxConcurrentRequests: 2\n");
    assertThat(AppConfig.load(List.of(two), AppConfigTest::noEnv).maxConcurrentRequests()).contains(2);
    Path zero = write("zero-requests.yaml", "backend:\n  maxConcurrentRequests: 0\n");
    assertThatThrownBy(() -> AppConfig.load(List.of(zero), AppConfigTest::noEnv))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("backend.maxConcurrentRequests must be between 1 and 10000, got 0");
  }

  @Test
  void searchCollatorSchedulesAreBackstagesKeysAndChecked() throws IOException {
    assertThat(AppConfig.defaults().searchCollatorSchedule("catalog")).isEmpty();
    Path set = write("search.yaml", "search:\n  collators:\n    catalog:\n      schedule:\n"
        + "        frequency: { hours: 6 }\n        timeout: { minutes: 3 }\n"
        + "        initialDelay: { seconds: 90 }\n"
        + "    techdocs:\n      schedule:\n        frequency: { cron: '0 3 * * *' }\n"
        + "        timeout: PT15M\n");
    AppConfig c = AppConfig.load(List.of(set), AppConfigTest::noEnv);
    var catalog = c.searchCollatorSchedule("catalog").orElseThrow();
    assertThat(catalog.frequency()).isEqualTo(Duration.ofHours(6));
    assertThat(catalog.timeout()).isEqualTo(Duration.ofMinutes(3));
    assertThat(catalog.initialDelay()).isEqualTo(Duration.ofSeconds(90));
    assertThat(c.searchCollatorSchedule("techdocs").orElseThrow().cron()).isEqualTo("0 3 * * *");
    Path noTimeout = write("no-timeout.yaml",
        "search:\n  collators:\n    catalog:\n      schedule:\n        frequency: { hours: 6 }\n");
    assertThatThrownBy(() -> AppConfig.load(List.of(noTimeout), AppConfigTest::noEnv))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Invalid config in '" + noTimeout
            + "': search.collators.catalog.schedule.timeout is required");
  }

  private AppConfig interval(String value) throws IOException {
    Path file = write("interval.yaml", "catalog:\n  processingInterval: " + value + "\n");
    return AppConfig.load(List.of(file), AppConfigTest::noEnv);
  }

  @Test
  void wrongTypesNameTheKeyAndTheFileThatSetIt() throws IOException {
    Path base = write("app-config.yaml", "backend:\n  listen:\n    port: 7007\n");
    Path bad = write("app-config.production.yaml", "backend:\n  listen:\n    port: seven\n");
    assertThatThrownBy(() -> AppConfig.load(List.of(base, bad), AppConfigTest::noEnv))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Invalid type in config for key 'backend.listen.port' in '" + bad
            + "', got string, wanted number");

    Path readonly = write("ro.yaml", "catalog:\n  readonly: [yes]\n");
    assertThatThrownBy(() -> AppConfig.load(List.of(readonly), AppConfigTest::noEnv))
        .hasMessage("Invalid type in config for key 'catalog.readonly' in '" + readonly
            + "', got array, wanted boolean");

    Path locations = write("loc.yaml", "catalog:\n  locations:\n    - type: file\n      target: 12\n");
    assertThatThrownBy(() -> AppConfig.load(List.of(locations), AppConfigTest::noEnv))
        .hasMessage("Invalid type in config for key 'catalog.locations[0].target' in '" + locations
            + "', got number, wanted string");

    Path missing = write("missing.yaml", "catalog:\n  locations:\n    - type: url\n");
    assertThatThrownBy(() -> AppConfig.load(List.of(missing), AppConfigTest::noEnv))
        .hasMessage("Missing required config value at 'catalog.locations[0].target' in '" + missing + "'");

    Path orphans = write("orphans.yaml", "catalog:\n  orphanStrategy: forget\n");
    assertThatThrownBy(() -> AppConfig.load(List.of(orphans), AppConfigTest::noEnv))
        .hasMessage("Invalid config in '" + orphans
            + "': catalog.orphanStrategy must be 'keep' or 'delete', got 'forget'");

    Path rules = write("rules.yaml", "catalog:\n  rules:\n    - allow: Component\n");
    assertThatThrownBy(() -> AppConfig.load(List.of(rules), AppConfigTest::noEnv))
        .hasMessageContaining("'" + rules + "'")
        .hasMessageContaining("catalog.rules[0].allow");

    Path client = write("client.yaml", "backend:\n  database:\n    client: mysql2\n");
    assertThatThrownBy(() -> AppConfig.load(List.of(client), AppConfigTest::noEnv))
        .hasMessageContaining("backend.database.client must be 'pg'");

    Path token = write("token.yaml", """
        backend:
          auth:
            externalAccess:
              - type: static
                options: {token: short}
        """);
    assertThatThrownBy(() -> AppConfig.load(List.of(token), AppConfigTest::noEnv))
        .hasMessageContaining("backend.auth.externalAccess[0].options.token");
  }

  @Test
  void unreadableAndMalformedFiles() throws IOException {
    Path absent = dir.resolve("absent.yaml");
    assertThatThrownBy(() -> AppConfig.load(List.of(absent), AppConfigTest::noEnv))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Cannot read config file '" + absent + "': no such file");
    Path broken = write("broken.yaml", "backend: [unclosed\n");
    assertThatThrownBy(() -> AppConfig.load(List.of(broken), AppConfigTest::noEnv))
        .hasMessageContaining("Cannot parse config file '" + broken + "'");
    Path list = write("list.yaml", "- a\n- b\n");
    assertThatThrownBy(() -> AppConfig.load(List.of(list), AppConfigTest::noEnv))
        .hasMessageContaining("the root must be an object, got array");
    Path empty = write("empty.yaml", "");
    assertThat(AppConfig.load(List.of(empty), AppConfigTest::noEnv).port()).isEqualTo(7007);
  }

  @Test
  void unknownKeysAreIgnored() throws IOException {
    Path file = write("app-config.yaml", """
        organization: {name: ACME}
        integrations:
          github: [{host: github.com, token: x}]
        backend:
          cors: {origin: http://localhost:3000}
          listen: {port: 7001, somethingNew: 1}
        catalog:
          import: {entityFilename: catalog-info.yaml}
        """);
    assertThat(AppConfig.load(List.of(file), AppConfigTest::noEnv).port()).isEqualTo(7001);
  }

  private static Entity entity(String kind, String name) {
    return Entity.fromJson(Json.parse("{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\""
        + kind + "\",\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{}}"));
  }

  @Test
  void permissionRulesCorsAndGuestAreRead() throws IOException {
    Path file = dir.resolve("app-config.yaml");
    Files.writeString(file, """
        app: {baseUrl: "http://localhost:3000"}
        backend:
          baseUrl: http://localhost:7007
          cors: {origin: ["http://localhost:3000", "https://*.example.com"], credentials: true}
        auth:
          providers:
            guest: {userEntityRef: user:default/visitor}
        permission:
          enabled: true
          rules:
            - allow: [catalog.entity.delete]
              groups: [group:default/admins]
            - deny: [catalog.entity.delete, "catalog.location.*"]
        """);
    AppConfig c = AppConfig.load(List.of(file), AppConfigTest::noEnv);
    assertThat(c.cors().orElseThrow().allows("https://app.example.com")).isTrue();
    assertThat(c.cors().orElseThrow().allows("https://evil.test")).isFalse();
    assertThat(c.guest().orElseThrow().userEntityRef()).isEqualTo("user:default/visitor");
    assertThat(c.appBaseUrl()).contains("http://localhost:3000");
    var policy = c.permissionPolicy().orElseThrow();
    var jane = new dev.greenroom.http.auth.UserPrincipal("user:default/jane",
        List.of("user:default/jane"));
    var admin = new dev.greenroom.http.auth.UserPrincipal("user:default/root",
        List.of("user:default/root", "group:default/admins"));
    var delete = dev.greenroom.http.auth.Permission.ENTITY_DELETE;
    assertThat(policy.decide(jane, delete))
        .isInstanceOf(dev.greenroom.http.auth.PermissionDecision.Deny.class);
    assertThat(policy.decide(admin, delete))
        .isInstanceOf(dev.greenroom.http.auth.PermissionDecision.Allow.class);
    assertThat(policy.decide(jane, dev.greenroom.http.auth.Permission.LOCATION_CREATE))
        .isInstanceOf(dev.greenroom.http.auth.PermissionDecision.Deny.class);
    assertThat(policy.decide(jane, dev.greenroom.http.auth.Permission.ENTITY_READ))
        .isInstanceOf(dev.greenroom.http.auth.PermissionDecision.Allow.class);
  }

  @Test
  void aBrokenPermissionRuleNamesItsKey() throws IOException {
    Path file = dir.resolve("app-config.yaml");
    Files.writeString(file, "permission:\n  enabled: true\n  rules:\n    - {allow: [x.y], deny: [x.z]}\n");
    assertThatThrownBy(() -> AppConfig.load(List.of(file), AppConfigTest::noEnv))
        .hasMessageContaining("permission.rules[0]").hasMessageContaining("exactly one");
  }

  @Test
  void jwksExternalAccessIsRead() throws IOException {
    Path file = dir.resolve("app-config.yaml");
    Files.writeString(file, """
        backend:
          auth:
            externalAccess:
              - type: jwks
                options:
                  url: https://ci.example/.well-known/jwks.json
                  issuer: https://ci.example
                  audience: [greenroom, backstage]
                  subjectPrefix: ci
        """);
    AppConfig c = AppConfig.load(List.of(file), AppConfigTest::noEnv);
    assertThat(c.jwksAccess()).containsExactly(new AppConfig.JwksAccess(
        "https://ci.example/.well-known/jwks.json", List.of("https://ci.example"),
        List.of("greenroom", "backstage"), List.of(), "ci"));
    Files.writeString(file, "backend:\n  auth:\n    externalAccess:\n      - {type: jwks, options: {url: 'not a url'}}\n");
    assertThatThrownBy(() -> AppConfig.load(List.of(file), AppConfigTest::noEnv))
        .hasMessageContaining("backend.auth.externalAccess[0].options.url");
  }
}
