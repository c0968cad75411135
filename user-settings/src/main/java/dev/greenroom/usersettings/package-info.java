/**
 * Backstage's user-settings backend: {@link dev.greenroom.usersettings.UserSettings} keeps each
 * signed-in user's settings as JSON values under a bucket and a key, in a {@link
 * dev.greenroom.usersettings.UserSettingsStore} (the catalog's database or memory), and tells a
 * {@link dev.greenroom.usersettings.SettingsListener} about changes (for the signals channel
 * {@code user-settings}).
 */
@NullMarked
package dev.greenroom.usersettings;

import org.jspecify.annotations.NullMarked;
