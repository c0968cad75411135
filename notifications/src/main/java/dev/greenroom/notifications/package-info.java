/**
 * Backstage's notifications backend: the entry point {@link
 * dev.greenroom.notifications.Notifications} (send to entities or everybody, list, status, topics,
 * mark read and saved), the values it exchanges ({@link dev.greenroom.notifications.Notification},
 * {@link dev.greenroom.notifications.NotificationPayload}, {@link
 * dev.greenroom.notifications.NotificationQuery}) and the storage SPI {@link
 * dev.greenroom.notifications.NotificationStore}.
 */
@NullMarked
package dev.greenroom.notifications;

import org.jspecify.annotations.NullMarked;
