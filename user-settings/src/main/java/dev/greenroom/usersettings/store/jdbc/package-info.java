/** The user-settings store in an H2 or PostgreSQL database (table {@code gr_user_settings}). */
@NullMarked
package dev.greenroom.usersettings.store.jdbc;

import org.jspecify.annotations.NullMarked;
