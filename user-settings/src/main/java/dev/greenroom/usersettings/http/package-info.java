/** Backstage's {@code /api/user-settings} routes over {@link dev.greenroom.usersettings.UserSettings}. */
@NullMarked
package dev.greenroom.usersettings.http;

import org.jspecify.annotations.NullMarked;
