/**
 * The engine's persistent processing state (Backstage's {@code refresh_state}, references,
 * refresh keys, stitch queue and registered locations) behind one role-named SPI, {@link
 * dev.greenroom.catalog.processing.state.ProcessingStateStore}, with an in-memory and a JDBC (H2,
 * PostgreSQL) implementation that pass the same contract tests.
 */
@NullMarked
package dev.greenroom.catalog.processing.state;

import org.jspecify.annotations.NullMarked;
