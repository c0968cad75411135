package dev.greenroom.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.store.jdbc.JdbcEntityStore;
import dev.greenroom.scaffolder.task.jdbc.JdbcTaskStore;
import dev.greenroom.testsupport.PgSchema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The same auto-configuration on PostgreSQL ({@code -Dgreenroom.test.pg.url}), in a schema of its
 * own that is dropped afterwards.
 */
class PostgresTest {
  @Test
  void aMissingDatabaseStartsTheContextWithHealthDownNamingIt() {
    String url = PgSchema.baseUrl();
    String missing = "gr_missing_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    String missingUrl = url.replaceFirst("/[^/?]+(\\?|$)", "/" + missing + "$1");
    long start = System.nanoTime();
    new ApplicationContextRunner()
        .withConfiguration(GreenroomAutoConfigurationTest.ALL)
        .withPropertyValues("spring.datasource.url=" + missingUrl,
            "spring.datasource.hikari.connection-timeout=5000")
        .run(ctx -> {
          assertThat(ctx).hasNotFailed();
          var health = ctx.getBean(GreenroomHealthIndicator.class).health();
          assertThat(health.getStatus()).isEqualTo(Status.DOWN);
          assertThat((String) health.getDetails().get("reason"))
              .contains("database \"" + missing + "\" does not exist");
        });
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void theCatalogAndTasksLiveInTheApplicationsPostgresDatabase() throws Exception {
    try (PgSchema pg = PgSchema.create("gr_boot")) {
      String schema = pg.name();
      String schemaUrl = pg.url();
      new ApplicationContextRunner()
          .withConfiguration(GreenroomAutoConfigurationTest.ALL)
          .withPropertyValues(
              "spring.datasource.url=" + schemaUrl,
              "greenroom.scaffolder.working-directory=target/scaffolder-" + schema,
              "greenroom.techdocs.publish-directory=target/techdocs-" + schema,
              "greenroom.catalog.locations[0].type=file",
              "greenroom.catalog.locations[0].target="
                  + GreenroomAutoConfigurationTest.CATALOG.resolve("all.yaml"))
          .run(ctx -> {
            assertThat(ctx).hasNotFailed();
            assertThat(ctx.getBean(JdbcEntityStore.class).dialectName()).containsIgnoringCase("postgres");
            assertThat(ctx).hasSingleBean(JdbcTaskStore.class);
            CatalogEngine engine = ctx.getBean(CatalogEngine.class);
            assertThat(engine.awaitIdle(Duration.ofSeconds(60))).isTrue();
            assertThat(engine.catalog().entity(EntityRef.parse("api:default/payments-api")))
                .isPresent();
            assertThat(ctx.getBean(GreenroomHealthIndicator.class).health().getStatus())
                .isEqualTo(Status.UP);
          });
      // the tables are in the application's schema
      assertThat(taskTables(PgSchema.baseUrl(), schema)).isPositive();
    }
  }

  /** How many of the scaffolder's task tables {@code schema} of the database at {@code url} has. */
  static int taskTables(String url, String schema) throws java.sql.SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
         var rs = s.executeQuery("SELECT count(*) FROM information_schema.tables"
             + " WHERE table_schema = '" + schema + "' AND table_name LIKE 'gr_task%'")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
