package dev.greenroom.events;

import java.util.Set;

/**
 * Receives the events of some topics. {@link #onEvent} is called on a thread of the broker; an
 * exception is logged by the broker and does not reach the publisher or other subscribers.
 */
public interface EventSubscriber {
  /** A stable name, used in logs. */
  String id();

  /** The topics this subscriber receives. */
  Set<String> topics();

  /** Handles one event. */
  void onEvent(EventParams event) throws Exception;

  /**
   * Whether this subscriber also receives events published on other hosts that share the
   * broker's database (default true). A router that republishes events under a sub-topic says
   * false: each host routes what it received itself, and the routed event reaches the other
   * hosts, so that one webhook is routed once and not once per host.
   */
  default boolean receivesRemoteEvents() {
    return true;
  }
}
