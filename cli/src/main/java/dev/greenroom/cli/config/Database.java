package dev.greenroom.cli.config;

import java.util.regex.Pattern;

/** Where the catalog is kept: {@code backend.database}. */
public sealed interface Database {
  /**
   * The embedded H2 database: a file under the data folder (the default), or in memory when a
   * SQLite configuration asked for {@code ':memory:'}.
   *
   * @param inMemory true for a database that lives as long as the process
   */
  record Embedded(boolean inMemory) implements Database {}

  /**
   * PostgreSQL ({@code client: pg}).
   *
   * @param jdbcUrl a {@code jdbc:postgresql:} URL, with user and password as parameters
   */
  record Postgres(String jdbcUrl) implements Database {
    private static final Pattern PASSWORD = Pattern.compile("([?&]password=)[^&]*");

    /** The URL with its password hidden, for logs. */
    public String redactedUrl() {
      return PASSWORD.matcher(jdbcUrl).replaceAll("$1***");
    }

    @Override
    public String toString() {
      return "Postgres[" + redactedUrl() + "]";
    }
  }
}
