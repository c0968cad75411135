/**
 * The SQL processing state store, {@link
 * dev.greenroom.catalog.processing.state.jdbc.JdbcProcessingState}: Jdbi over H2 or PostgreSQL,
 * tables prefixed {@code gr_proc_}.
 */
@NullMarked
package dev.greenroom.catalog.processing.state.jdbc;

import org.jspecify.annotations.NullMarked;
