package dev.greenroom.http.socket;

import java.security.Principal;

/**
 * A WebSocket endpoint, for example Backstage's signals at {@code /api/signals}. The server
 * authenticates each upgrade first (Backstage's frontend sends its token as the only offered
 * {@code Sec-WebSocket-Protocol}; the server accepts that protocol, as the {@code ws} library
 * does); an upgrade without acceptable credentials is refused with 401 and never reaches {@link
 * #open}. Only text frames are passed on; binary frames are ignored.
 */
public interface SocketEndpoint {
  /** The path the endpoint answers, from the server root, for example {@code /api/signals}. */
  String path();

  /**
   * Called once a connection is open, on a server thread; must not block.
   *
   * @param caller the authenticated caller ({@code ApiPrincipal.ANONYMOUS} when authentication is
   *     off)
   * @param peer how to send to this client and close its connection
   * @return what receives the client's messages and the end of the connection
   */
  SocketListener open(Principal caller, SocketPeer peer);

  /** What a connection reports to its endpoint. */
  interface SocketListener {
    /** A text frame from the client. */
    void onText(String text);

    /** The connection ended (closed by either side, or failed); called once. */
    void onClose();
  }

  /** One client connection. Thread-safe. */
  interface SocketPeer {
    /** Sends a text frame without blocking; a failure closes the connection. */
    void send(String text);

    /** Closes the connection with a WebSocket close code and a short reason. */
    void close(int code, String reason);

    /** True while the connection is open. */
    boolean isOpen();
  }
}
