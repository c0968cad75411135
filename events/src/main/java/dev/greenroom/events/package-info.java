/**
 * Backstage's events system: a {@link dev.greenroom.events.EventBroker} carries {@link
 * dev.greenroom.events.EventParams} on named topics from publishers (webhook ingress, pollers,
 * other plugins) to {@link dev.greenroom.events.EventSubscriber}s (entity providers that refresh
 * what changed).
 */
@NullMarked
package dev.greenroom.events;

import org.jspecify.annotations.NullMarked;
