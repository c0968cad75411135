package dev.greenroom.http.jetty;

import dev.greenroom.http.HttpApi;
import dev.greenroom.http.jetty.internal.SocketAdapter;
import dev.greenroom.http.socket.SocketEndpoint;
import java.net.http.HttpHeaders;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.eclipse.jetty.websocket.server.WebSocketCreator;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.jspecify.annotations.Nullable;

/**
 * Mounts {@link SocketEndpoint}s on Jetty's WebSocket upgrade handler. Each upgrade is
 * authenticated by the {@link HttpApi}'s authenticator before the connection opens: Backstage's
 * frontend cannot set headers on a browser WebSocket, so it offers its token as the only {@code
 * Sec-WebSocket-Protocol}; that value is checked as {@code Authorization: Bearer <token>} and, when
 * accepted, echoed as the selected protocol (which browsers require). Without acceptable
 * credentials the upgrade is answered 401. Open connections are pinged periodically. Text frames are capped at 64 KiB and a slow client's
 * outgoing queue at 256 frames (past which its sends fail and the connection closes).
 */
final class SocketUpgrades {
  static final long MAX_TEXT_BYTES = 64 * 1024;
  static final int MAX_OUTGOING_FRAMES = 256;

  private SocketUpgrades() {}

  static WebSocketUpgradeHandler handler(
      Server server, HttpApi api, List<SocketEndpoint> endpoints, Duration idleTimeout) {
    return WebSocketUpgradeHandler.from(server, container -> {
      container.setIdleTimeout(idleTimeout);
      container.setMaxTextMessageSize(MAX_TEXT_BYTES);
      container.setMaxBinaryMessageSize(1024);
      container.setMaxOutgoingFrames(MAX_OUTGOING_FRAMES);
      for (SocketEndpoint e : endpoints) {
        container.addMapping(e.path(), creator(api, e));
      }
    });
  }

  /**
   * Pings every open WebSocket every {@code every} while the server runs (as Backstage's signals
   * do every 30 s), on Jetty's scheduler: a connection that only listens stays active, and one
   * whose client is gone fails and closes. Browsers answer pings themselves.
   */
  static void schedulePings(Server server, ServerWebSocketContainer container, Duration every) {
    server.getScheduler().schedule(() -> {
      if (!server.isRunning()) {
        return;
      }
      for (Session session : container.getOpenSessions()) {
        session.sendPing(ByteBuffer.allocate(0), Callback.NOOP);
      }
      schedulePings(server, container, every);
    }, every.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static WebSocketCreator creator(HttpApi api, SocketEndpoint endpoint) {
    return (req, resp, cb) -> {
      List<String> offered = req.getSubProtocols();
      String token = offered.isEmpty() ? null : offered.get(0).strip();
      Optional<Principal> caller = api.authenticate(headers(req, token));
      if (caller.isEmpty()) {
        Response.writeError(req, resp, cb, 401,
            token == null ? "Missing credentials" : "Invalid credentials");
        return null;
      }
      if (token != null) {
        resp.setAcceptedSubProtocol(offered.get(0));
      }
      return new SocketAdapter(endpoint, caller.get());
    };
  }

  /**
   * The upgrade's headers, with the offered protocol as the bearer token when there is one, and
   * without cookies: a browser sends cookies with any page's WebSocket, so a cookie (the {@code
   * backstage-auth} one of TechDocs) would let another site's page listen as the user.
   */
  static HttpHeaders headers(ServerUpgradeRequest req, @Nullable String token) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (HttpField f : req.getHeaders()) {
      String name = f.getName();
      if ((token != null && name.equalsIgnoreCase("authorization"))
          || name.equalsIgnoreCase("cookie")) {
        continue;
      }
      map.computeIfAbsent(name, k -> new ArrayList<>()).add(f.getValue());
    }
    if (token != null && !token.isEmpty()) {
      map.put("Authorization", List.of("Bearer " + token));
    }
    return HttpHeaders.of(map, (n, v) -> true);
  }
}
