package dev.greenroom.http.jetty;

import dev.greenroom.http.HttpApi;
import dev.greenroom.http.socket.SocketEndpoint;
import java.net.http.HttpHeaders;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.WebSocketCreator;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mounts {@link SocketEndpoint}s on Jetty's WebSocket upgrade handler. Each upgrade is
 * authenticated by the {@link HttpApi}'s authenticator before the connection opens: Backstage's
 * frontend cannot set headers on a browser WebSocket, so it offers its token as the only {@code
 * Sec-WebSocket-Protocol}; that value is checked as {@code Authorization: Bearer <token>} and, when
 * accepted, echoed as the selected protocol (which browsers require). Without acceptable
 * credentials the upgrade is answered 401. Text frames are capped at 64 KiB and a slow client's
 * outgoing queue at 256 frames (past which its sends fail and the connection closes).
 */
final class SocketUpgrades {
  private static final Logger LOG = LoggerFactory.getLogger(SocketUpgrades.class);
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
      return new Adapter(endpoint, caller.get());
    };
  }

  /** The upgrade's headers, with the offered protocol as the bearer token when there is one. */
  static HttpHeaders headers(ServerUpgradeRequest req, @Nullable String token) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (HttpField f : req.getHeaders()) {
      String name = f.getName();
      if (token != null && name.equalsIgnoreCase("authorization")) {
        continue;
      }
      map.computeIfAbsent(name, k -> new ArrayList<>()).add(f.getValue());
    }
    if (token != null && !token.isEmpty()) {
      map.put("Authorization", List.of("Bearer " + token));
    }
    return HttpHeaders.of(map, (n, v) -> true);
  }

  /** One connection: Jetty's session on one side, the endpoint's listener on the other. */
  static final class Adapter implements Session.Listener.AutoDemanding, SocketEndpoint.SocketPeer {
    private final SocketEndpoint endpoint;
    private final Principal caller;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile @Nullable Session session;
    private volatile SocketEndpoint.@Nullable SocketListener listener;

    Adapter(SocketEndpoint endpoint, Principal caller) {
      this.endpoint = endpoint;
      this.caller = caller;
    }

    @Override
    public void onWebSocketOpen(Session s) {
      session = s;
      try {
        listener = endpoint.open(caller, this);
      } catch (RuntimeException e) {
        LOG.warn("WebSocket endpoint {} failed to open a connection", endpoint.path(), e);
        s.close(1011, "Server error", Callback.NOOP);
      }
    }

    @Override
    public void onWebSocketText(String text) {
      SocketEndpoint.SocketListener l = listener;
      if (l != null) {
        try {
          l.onText(text);
        } catch (RuntimeException e) {
          LOG.warn("WebSocket endpoint {} failed on a message", endpoint.path(), e);
        }
      }
    }

    @Override
    public void onWebSocketClose(int status, String reason) {
      ended();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
      LOG.debug("WebSocket {} failed: {}", endpoint.path(), cause.toString());
      ended();
    }

    private void ended() {
      if (closed.compareAndSet(false, true)) {
        SocketEndpoint.SocketListener l = listener;
        if (l != null) {
          try {
            l.onClose();
          } catch (RuntimeException e) {
            LOG.warn("WebSocket endpoint {} failed on close", endpoint.path(), e);
          }
        }
      }
    }

    @Override
    public void send(String text) {
      Session s = session;
      if (s == null || !s.isOpen()) {
        return;
      }
      s.sendText(text, Callback.from(() -> { }, failure -> {
        LOG.debug("WebSocket {}: send failed, closing: {}", endpoint.path(), failure.toString());
        s.close(1011, "Send failed", Callback.NOOP);
      }));
    }

    @Override
    public void close(int code, String reason) {
      Session s = session;
      if (s != null) {
        s.close(code, reason, Callback.NOOP);
      }
    }

    @Override
    public boolean isOpen() {
      Session s = session;
      return s != null && s.isOpen() && !closed.get();
    }
  }
}
