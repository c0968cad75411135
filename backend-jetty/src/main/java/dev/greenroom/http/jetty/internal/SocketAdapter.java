package dev.greenroom.http.jetty.internal;

import dev.greenroom.http.socket.SocketEndpoint;
import java.security.Principal;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection: Jetty's session on one side, a {@link SocketEndpoint}'s listener on
 * the other. Public only because Jetty calls its methods through method handles.
 */
public final class SocketAdapter implements Session.Listener.AutoDemanding, SocketEndpoint.SocketPeer {
  private static final Logger LOG = LoggerFactory.getLogger(SocketAdapter.class);

  private final SocketEndpoint endpoint;
  private final Principal caller;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile @Nullable Session session;
  private volatile SocketEndpoint.@Nullable SocketListener listener;

  /** An adapter for one upgrade of {@code endpoint} by {@code caller}. */
  public SocketAdapter(SocketEndpoint endpoint, Principal caller) {
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
  public void onWebSocketClose(int status, String reason, Callback callback) {
    ended();
    callback.succeed();
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
