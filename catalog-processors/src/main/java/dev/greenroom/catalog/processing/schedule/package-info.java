/**
 * Schedules for work that runs again and again: entity providers that read a host every few
 * minutes, fact retrievers, clean-ups. {@link dev.greenroom.catalog.processing.schedule.TaskSchedule}
 * reads Backstage's schedule config ({@code frequency}, {@code timeout}, {@code initialDelay}),
 * and {@link dev.greenroom.catalog.processing.schedule.ScheduledTask} runs a body on it with the
 * host's threads. For entity providers: {@link
 * dev.greenroom.catalog.processing.schedule.ScheduledEntityProvider} schedules one provider's
 * refresh by wrapping it; {@link dev.greenroom.catalog.processing.schedule.ProviderSchedule} is the
 * schedule a provider keeps itself when it is handed to the engine and its events as itself;
 * {@link dev.greenroom.catalog.processing.schedule.SchedulingBuilder} is what every provider builder
 * takes from the host (scheduler, executor, a schedule in code); {@link
 * dev.greenroom.catalog.processing.schedule.ScheduledProviders} is a module facade's list of
 * scheduled providers; {@link dev.greenroom.catalog.processing.schedule.ScheduledOrgEntityProvider}
 * is the base of the org providers that read a whole directory per run.
 */
@NullMarked
package dev.greenroom.catalog.processing.schedule;

import org.jspecify.annotations.NullMarked;
