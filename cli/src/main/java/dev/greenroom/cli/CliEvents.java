package dev.greenroom.cli;

import dev.greenroom.events.EventBroker;

/**
 * The event broker of one {@code serve} run: in this process only for now. Providers subscribe to
 * it (GitHub's {@code github.push}, {@code github.repository}, ...); the webhook ingress publishes
 * to it.
 */
final class CliEvents {
  private CliEvents() {}

  /** A new broker for one server. */
  static EventBroker broker() {
    return EventBroker.inMemory();
  }
}
