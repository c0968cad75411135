/**
 * The JDBC {@link dev.greenroom.scaffolder.task.TaskStore} on H2 and PostgreSQL: tables {@code
 * gr_task_*} in the catalog's database, with their own schema migrations.
 */
@org.jspecify.annotations.NullMarked
package dev.greenroom.scaffolder.task.jdbc;
