/**
 * Backstage's signals backend: {@link dev.greenroom.notifications.signals.SignalService} publishes
 * JSON messages on named channels to users (or to everybody); {@link
 * dev.greenroom.notifications.signals.SignalHub} implements it over the {@code /api/signals}
 * WebSocket (a {@link dev.greenroom.http.socket.SocketEndpoint}), where browsers send {@code
 * {"action":"subscribe","channel":...}} and {@code unsubscribe}, and receive {@code {"channel":
 * ..., "message": ...}}.
 */
@NullMarked
package dev.greenroom.notifications.signals;

import org.jspecify.annotations.NullMarked;
