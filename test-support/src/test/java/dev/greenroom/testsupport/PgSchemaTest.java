package dev.greenroom.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** {@link PgSchema} on the build's PostgreSQL ({@code greenroom.test.pg.url}). */
class PgSchemaTest {

  static boolean exists(String schema) throws Exception {
    try (Connection c = DriverManager.getConnection(PgSchema.baseUrl());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(
            "SELECT count(*) FROM information_schema.schemata WHERE schema_name = '" + schema + "'")) {
      rs.next();
      return rs.getInt(1) == 1;
    }
  }

  @Test
  void createMakesAnEmptySchemaOfItsOwnThatTheUrlWritesIntoAndCloseDrops() throws Exception {
    String name;
    try (PgSchema a = PgSchema.create("gr_support_test");
        PgSchema b = PgSchema.create("gr_support_test")) {
      name = a.name();
      assertThat(a.name()).startsWith("gr_support_test_").isNotEqualTo(b.name());
      PgSchema.execute(a.url(), "CREATE TABLE t (x int)");
      PgSchema.execute(a.url(), "INSERT INTO t VALUES (7)");
      try (Connection c = DriverManager.getConnection(a.url());
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT x FROM " + a.name() + ".t")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(7);
      }
      assertThatThrownBy(() -> PgSchema.execute(b.url(), "SELECT x FROM t"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("\"t\" does not exist");
    }
    assertThat(exists(name)).isFalse();
  }

  @Test
  void recreateEmptiesTheSchemaAndDropBeforeCreateDoesNothing() throws Exception {
    PgSchema schema = new PgSchema("gr_support_recreate");
    schema.drop(); // never created: no database call, no error
    assertThat(exists(schema.name())).isFalse();
    schema.recreate();
    try {
      PgSchema.execute(schema.url(), "CREATE TABLE t (x int)");
      schema.recreate();
      PgSchema.execute(schema.url(), "CREATE TABLE t (x int)"); // gone, so no conflict
    } finally {
      schema.drop();
    }
    assertThat(exists(schema.name())).isFalse();
  }

  @Test
  void prefixesThatAreNotPlainIdentifiersAreRefused() {
    for (String bad : new String[] {"", "Upper", "1digit", "semi;colon", "a".repeat(41)}) {
      assertThatThrownBy(() -> new PgSchema(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("schema prefix");
    }
  }

  @Test
  void errorsNameTheDatabaseWithoutTheUrlsParameters() {
    assertThatThrownBy(() -> PgSchema.execute(
            "jdbc:postgresql://127.0.0.1:1/nothing?user=u&password=hunter2", "SELECT 1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("PostgreSQL at jdbc:postgresql://127.0.0.1:1/nothing: ")
        .message().doesNotContain("hunter2");
  }

  @Test
  void inSchemaAddsTheParameterToEitherShapeOfUrl() {
    assertThat(PgSchema.inSchema("jdbc:postgresql://h/db", "s"))
        .isEqualTo("jdbc:postgresql://h/db?currentSchema=s");
    assertThat(PgSchema.inSchema("jdbc:postgresql://h/db?user=postgres", "s"))
        .isEqualTo("jdbc:postgresql://h/db?user=postgres&currentSchema=s");
  }
}
