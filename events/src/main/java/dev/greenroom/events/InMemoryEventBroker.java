package dev.greenroom.events;

import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Delivers on the publisher's thread; a subscriber's failure is logged and does not spread. */
final class InMemoryEventBroker implements EventBroker {
  private static final Logger log = LoggerFactory.getLogger(InMemoryEventBroker.class);
  private final CopyOnWriteArrayList<EventSubscriber> subscribers = new CopyOnWriteArrayList<>();

  @Override
  public void publish(EventParams event) {
    for (EventSubscriber s : subscribers) {
      if (!s.topics().contains(event.topic())) {
        continue;
      }
      try {
        s.onEvent(event);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception | LinkageError e) {
        log.warn("Subscriber {} failed on an event of topic {}: {}", s.id(), event.topic(),
            e.toString());
      }
    }
  }

  @Override
  public Subscription subscribe(EventSubscriber subscriber) {
    subscribers.add(subscriber);
    return () -> subscribers.remove(subscriber);
  }
}
