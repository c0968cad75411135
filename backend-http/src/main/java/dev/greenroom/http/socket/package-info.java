/**
 * WebSocket endpoints without a server dependency: a plugin implements {@link
 * dev.greenroom.http.socket.SocketEndpoint} (the signals backend does), and a server that can
 * upgrade connections (backend-jetty's {@code JettyServer}) mounts it, authenticates the upgrade
 * with the {@link dev.greenroom.http.HttpApi}'s authenticator and passes text frames both ways.
 */
@NullMarked
package dev.greenroom.http.socket;

import org.jspecify.annotations.NullMarked;
