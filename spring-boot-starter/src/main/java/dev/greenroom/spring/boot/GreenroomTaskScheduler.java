package dev.greenroom.spring.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Marks the {@link org.springframework.scheduling.TaskScheduler} (or {@link
 * java.util.concurrent.ScheduledExecutorService}) bean Greenroom schedules its work on (catalog
 * ticks and stitching, scaffolder heartbeats and claims, scorecard schedules, start retries) when
 * it should not be the application's {@code taskScheduler}; the qualifier convention of Spring
 * Boot's {@code @BatchTaskExecutor}. Spring owns the bean: Greenroom never shuts it down.
 *
 * <pre>{@code
 * @Bean
 * @GreenroomTaskScheduler
 * ThreadPoolTaskScheduler catalogScheduler(ThreadPoolTaskSchedulerBuilder builder) {
 *   return builder.threadNamePrefix("catalog-ticks-").poolSize(2).build();
 * }
 * }</pre>
 */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE,
    ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Qualifier
public @interface GreenroomTaskScheduler {
}
