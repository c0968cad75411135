/**
 * Delivery of events across hosts that share a PostgreSQL database: {@link
 * dev.greenroom.events.jdbc.PostgresEventBroker} ({@code LISTEN}/{@code NOTIFY} with a table for
 * the payloads).
 */
@NullMarked
package dev.greenroom.events.jdbc;

import org.jspecify.annotations.NullMarked;
