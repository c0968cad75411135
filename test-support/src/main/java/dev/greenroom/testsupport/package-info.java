/**
 * Helpers for tests, shared by every Greenroom module and open to hosts' tests: {@link
 * dev.greenroom.testsupport.PgSchema} (a PostgreSQL schema of a test's own in the database the
 * build names), {@link dev.greenroom.testsupport.SettableClock} (a clock the test sets and moves),
 * {@link dev.greenroom.testsupport.SyntheticCatalog} (the Backstage peer's generated catalog,
 * entity for entity, as JSON trees) and {@link dev.greenroom.testsupport.NodeConformance} (runs
 * Backstage's own npm packages as the judge of a conformance test). Nothing here depends on a
 * Greenroom module, so that catalog-core's tests can use it too.
 */
@NullMarked
package dev.greenroom.testsupport;

import org.jspecify.annotations.NullMarked;
