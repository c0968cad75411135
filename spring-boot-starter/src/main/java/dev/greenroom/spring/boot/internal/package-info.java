/**
 * Parts of the starter that are not API: reading a Backstage {@code app-config.yaml}, the health
 * check's bounded wait, the servlet under a base path, the Micrometer bridge's bookkeeping, the
 * 503 gate while the catalog has not started, the JDK scheduler view of a Spring {@code
 * TaskScheduler}.
 */
@NullMarked
package dev.greenroom.spring.boot.internal;

import org.jspecify.annotations.NullMarked;
