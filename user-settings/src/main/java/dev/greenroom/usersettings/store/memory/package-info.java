/** A user-settings store in memory, for tests and hosts without a database. */
@NullMarked
package dev.greenroom.usersettings.store.memory;

import org.jspecify.annotations.NullMarked;
