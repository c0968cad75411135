package dev.greenroom.events;

/**
 * Carries events from publishers to the subscribers of their topic. Thread-safe.
 *
 * <p>{@link #inMemory()} delivers within one process; a broker that also reaches other hosts
 * sharing a database delivers each event once on every host.
 */
public interface EventBroker {
  /** Delivers {@code event} to the subscribers of its topic. */
  void publish(EventParams event);

  /**
   * Adds a subscriber until the returned handle is closed.
   *
   * @return closing it removes the subscriber
   */
  Subscription subscribe(EventSubscriber subscriber);

  /** A subscriber's registration. */
  interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  /** A broker within this process that delivers on the publisher's thread, in subscription order. */
  static EventBroker inMemory() {
    return new InMemoryEventBroker();
  }

  /**
   * A broker for hosts that share one PostgreSQL database: events are delivered here on the
   * publisher's thread and reach the other hosts' brokers through the database ({@link
   * dev.greenroom.events.jdbc.PostgresEventBroker}).
   */
  static dev.greenroom.events.jdbc.PostgresEventBroker.Builder postgres(javax.sql.DataSource dataSource) {
    return dev.greenroom.events.jdbc.PostgresEventBroker.builder(dataSource);
  }
}
