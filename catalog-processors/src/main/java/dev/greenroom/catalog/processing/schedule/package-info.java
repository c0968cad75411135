/**
 * Schedules for work that runs again and again: entity providers that read a host every few
 * minutes, fact retrievers, clean-ups. {@link dev.greenroom.catalog.processing.schedule.TaskSchedule}
 * reads Backstage's schedule config ({@code frequency}, {@code timeout}, {@code initialDelay}),
 * and {@link dev.greenroom.catalog.processing.schedule.ScheduledTask} runs a body on it with the
 * host's threads.
 */
@NullMarked
package dev.greenroom.catalog.processing.schedule;

import org.jspecify.annotations.NullMarked;
