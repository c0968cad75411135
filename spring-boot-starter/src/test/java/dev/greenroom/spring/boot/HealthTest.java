package dev.greenroom.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.processing.CatalogEngine;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The health indicator when the database goes away or stops answering. */
class HealthTest {

  @Test
  void aDatabaseThatWentAwayIsDownWithTheReason() {
    GreenroomAutoConfigurationTest.h2().run(ctx -> {
      assertThat(ctx).hasNotFailed();
      GreenroomHealthIndicator indicator = ctx.getBean(GreenroomHealthIndicator.class);
      assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
      // the catalog's tables are gone: H2's in-memory database is dropped and starts empty
      try (Connection c = ctx.getBean(DataSource.class).getConnection();
           Statement s = c.createStatement()) {
        s.execute("DROP ALL OBJECTS");
      }
      Health h = indicator.health();
      assertThat(h.getStatus()).isEqualTo(Status.DOWN);
      assertThat((String) h.getDetails().get("reason"))
          .startsWith("the database cannot be read: ")
          .containsIgnoringCase("not found");
    });
  }

  /** A DataSource whose connections stop coming while {@link #hang} is closed. */
  static final class StallingDataSource implements DataSource {
    final JdbcDataSource h2 = new JdbcDataSource();
    volatile CountDownLatch hang = new CountDownLatch(0);

    StallingDataSource() {
      h2.setURL("jdbc:h2:mem:stall-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    @Override
    public Connection getConnection() throws SQLException {
      try {
        hang.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SQLException("interrupted");
      }
      return h2.getConnection();
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Stalling {
    @Bean
    StallingDataSource dataSource() {
      return new StallingDataSource();
    }
  }

  @Test
  void aDatabaseThatDoesNotAnswerIsDownWithinTheTimeoutAndTheCheckDoesNotHang() {
    GreenroomAutoConfigurationTest.h2()
        .withUserConfiguration(Stalling.class)
        .withPropertyValues("greenroom.health.timeout=500ms")
        .run(ctx -> {
          assertThat(ctx).hasNotFailed();
          StallingDataSource ds = ctx.getBean(StallingDataSource.class);
          GreenroomHealthIndicator indicator = ctx.getBean(GreenroomHealthIndicator.class);
          assertThat(ctx.getBean(CatalogEngine.class).awaitIdle(Duration.ofSeconds(30))).isTrue();
          assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
          CountDownLatch hang = new CountDownLatch(1);
          ds.hang = hang;
          try {
            for (int i = 0; i < 3; i++) {
              long start = System.nanoTime();
              Health h = indicator.health();
              long ms = (System.nanoTime() - start) / 1_000_000;
              assertThat(h.getStatus()).isEqualTo(Status.DOWN);
              assertThat(h.getDetails())
                  .containsEntry("reason", "the database did not answer within 500 ms");
              assertThat(ms).isLessThan(5_000);
            }
          } finally {
            hang.countDown();
          }
          // once the database answers again, so does the indicator
          long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
          while (indicator.health().getStatus() != Status.UP) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(50);
          }
        });
  }
}
