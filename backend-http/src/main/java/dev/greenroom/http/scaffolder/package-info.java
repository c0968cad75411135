/**
 * The scaffolder's Backstage routes under {@code /api/scaffolder} ({@link
 * dev.greenroom.http.scaffolder.ScaffolderApiPlugin}): template parameter schemas, actions, tasks
 * with their event log (long poll and server-sent events), cancel, retry and dry runs.
 */
@org.jspecify.annotations.NullMarked
package dev.greenroom.http.scaffolder;
