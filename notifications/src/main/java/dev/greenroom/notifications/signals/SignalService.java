package dev.greenroom.notifications.signals;

import java.util.Collection;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pushes messages to connected browsers, as Backstage's {@code SignalsService}: a message goes to
 * every connection subscribed to its channel whose user is one of the recipients (matched against
 * the user's ownership refs, as Backstage does), or to every subscribed connection for a
 * broadcast. Delivery is best effort: nobody connected, nothing sent.
 */
public interface SignalService {
  /** Sends {@code message} on {@code channel} to the connections of these user or group refs. */
  void publishToUsers(Collection<String> entityRefs, String channel, ObjectNode message);

  /** Sends {@code message} on {@code channel} to every subscribed connection. */
  void broadcast(String channel, ObjectNode message);

  /** Sends nothing; for hosts without signals. */
  static SignalService none() {
    return new SignalService() {
      @Override
      public void publishToUsers(Collection<String> refs, String channel, ObjectNode message) {}

      @Override
      public void broadcast(String channel, ObjectNode message) {}
    };
  }
}
