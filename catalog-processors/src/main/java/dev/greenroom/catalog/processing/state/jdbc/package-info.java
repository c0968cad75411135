/**
 * The SQL processing state store, {@link
 * dev.greenroom.catalog.processing.state.jdbc.JdbcProcessingState}: Jdbi over H2 or PostgreSQL,
 * tables prefixed {@code gr_proc_}. The public class opens the database and runs each operation
 * in its transaction; every other class here is package-private and holds the SQL of one
 * operation, executing the decisions of {@code state.internal.StatePlanner}.
 */
@NullMarked
package dev.greenroom.catalog.processing.state.jdbc;

import org.jspecify.annotations.NullMarked;
