/**
 * The SQL implementation of the graph store: {@link dev.greenroom.catalog.store.jdbc.JdbcEntityStore}
 * on Jdbi, for H2 (embedded) and PostgreSQL (production), with its versioned schema migrations.
 * Everything but {@code JdbcEntityStore} is package-private.
 */
@NullMarked
package dev.greenroom.catalog.store.jdbc;

import org.jspecify.annotations.NullMarked;
