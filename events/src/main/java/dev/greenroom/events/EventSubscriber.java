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
}
