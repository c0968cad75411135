package dev.greenroom.catalog.store.jdbc;

import dev.greenroom.catalog.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/** The databases the store speaks to; detected from the connection metadata. */
enum Dialect {
  H2("h2"),
  POSTGRESQL("postgresql");

  /** Resource folder holding this dialect's migration scripts. */
  final String folder;

  Dialect(String folder) {
    this.folder = folder;
  }

  static Dialect of(Connection c) throws SQLException {
    String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
    if (product.contains("h2")) {
      return H2;
    }
    if (product.contains("postgres")) {
      return POSTGRESQL;
    }
    throw new StoreException("unsupported database " + product + "; expected H2 or PostgreSQL");
  }
}
