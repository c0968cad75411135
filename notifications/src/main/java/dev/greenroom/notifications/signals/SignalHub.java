package dev.greenroom.notifications.signals;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.http.auth.UserPrincipal;
import dev.greenroom.http.socket.SocketEndpoint;
import java.security.Principal;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The signals backend: a {@link SocketEndpoint} at {@code /api/signals} and the {@link
 * SignalService} that publishes to its connections (Backstage's {@code SignalManager}, in one
 * process). A connection's user is its caller: a {@link UserPrincipal}'s ownership refs decide
 * which user messages it gets; the anonymous caller (authentication off) is Backstage's guest,
 * {@code user:default/guest}; any other caller (a service) gets broadcasts only. A connection may hold at most {@value #MAX_SUBSCRIPTIONS} channels;
 * malformed messages are ignored, as Backstage does.
 */
public final class SignalHub implements SignalService, SocketEndpoint {
  /** The path Backstage's frontend connects to. */
  public static final String PATH = "/api/signals";
  /** Channels one connection may subscribe to. */
  public static final int MAX_SUBSCRIPTIONS = 64;

  private static final Logger LOG = LoggerFactory.getLogger(SignalHub.class);

  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();

  /** A hub with no connections. */
  public SignalHub() {}

  @Override
  public String path() {
    return PATH;
  }

  @Override
  public SocketListener open(Principal caller, SocketPeer peer) {
    List<String> refs;
    if (caller instanceof UserPrincipal u) {
      refs = distinct(u.userEntityRef(), u.ownershipEntityRefs());
    } else if (caller.equals(dev.greenroom.http.auth.ApiPrincipal.ANONYMOUS)) {
      refs = List.of(dev.greenroom.notifications.http.NotificationsApiPlugin.GUEST);
    } else {
      refs = List.of();
    }
    Connection c = new Connection(peer, refs);
    connections.add(c);
    return c;
  }

  private static List<String> distinct(String user, List<String> ownership) {
    java.util.LinkedHashSet<String> s = new java.util.LinkedHashSet<>();
    s.add(user);
    s.addAll(ownership);
    return List.copyOf(s);
  }

  /** Open connections now. */
  public int connectionCount() {
    return connections.size();
  }

  @Override
  public void publishToUsers(Collection<String> entityRefs, String channel, ObjectNode message) {
    Set<String> to = Set.copyOf(entityRefs);
    send(channel, message, c -> c.ownership.stream().anyMatch(to::contains));
  }

  @Override
  public void broadcast(String channel, ObjectNode message) {
    send(channel, message, c -> true);
  }

  private void send(String channel, ObjectNode message,
      java.util.function.Predicate<Connection> who) {
    ObjectNode envelope = Json.object();
    envelope.put("channel", channel);
    envelope.set("message", message);
    String text = Json.write(envelope);
    for (Connection c : connections) {
      if (c.channels.contains(channel) && who.test(c) && c.peer.isOpen()) {
        c.peer.send(text);
      }
    }
  }

  private final class Connection implements SocketListener {
    final SocketPeer peer;
    final List<String> ownership;
    final Set<String> channels = ConcurrentHashMap.newKeySet();

    Connection(SocketPeer peer, List<String> ownership) {
      this.peer = peer;
      this.ownership = ownership;
    }

    @Override
    public void onText(String text) {
      JsonNode n;
      try {
        n = Json.mapper().readTree(text);
      } catch (JacksonException e) {
        LOG.debug("signals: a message that is not JSON was ignored");
        return;
      }
      if (n == null || !n.isObject()) {
        return;
      }
      JsonNode action = n.get("action");
      JsonNode channel = n.get("channel");
      if (action == null || channel == null || !channel.isString() || channel.asString().isEmpty()
          || channel.asString().length() > 256) {
        return;
      }
      switch (action.asString()) {
        case "subscribe" -> {
          if (channels.size() < MAX_SUBSCRIPTIONS) {
            channels.add(channel.asString());
          }
        }
        case "unsubscribe" -> channels.remove(channel.asString());
        default -> { }
      }
    }

    @Override
    public void onClose() {
      connections.remove(this);
    }
  }
}
