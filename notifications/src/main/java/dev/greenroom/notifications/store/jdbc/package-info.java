/**
 * {@link dev.greenroom.notifications.store.jdbc.JdbcNotificationStore}: notifications in H2 or
 * PostgreSQL, usually the catalog's database.
 */
@NullMarked
package dev.greenroom.notifications.store.jdbc;

import org.jspecify.annotations.NullMarked;
