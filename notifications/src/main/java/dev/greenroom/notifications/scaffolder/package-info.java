/**
 * {@link dev.greenroom.notifications.scaffolder.SendNotificationAction}: Backstage's {@code
 * notification:send} scaffolder action, for hosts that run the scaffolder (scaffolder-core is an
 * optional dependency of this module).
 */
@NullMarked
package dev.greenroom.notifications.scaffolder;

import org.jspecify.annotations.NullMarked;
