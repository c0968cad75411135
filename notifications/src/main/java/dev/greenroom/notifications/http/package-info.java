/**
 * {@link dev.greenroom.notifications.http.NotificationsApiPlugin}: Backstage's {@code
 * /api/notifications} routes over a {@link dev.greenroom.notifications.Notifications}.
 */
@NullMarked
package dev.greenroom.notifications.http;

import org.jspecify.annotations.NullMarked;
