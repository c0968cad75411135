package dev.greenroom.spring.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Marks the {@link java.util.concurrent.Executor} bean Greenroom runs its work on (catalog
 * processors, scaffolder tasks, health checks) when it should not be the application's {@code
 * applicationTaskExecutor}; the qualifier convention of Spring Boot's {@code @BatchTaskExecutor}
 * and {@code @FlywayDataSource}. Spring owns the bean: Greenroom never shuts it down.
 *
 * <pre>{@code
 * @Bean
 * @GreenroomTaskExecutor
 * ThreadPoolTaskExecutor catalogExecutor(ThreadPoolTaskExecutorBuilder builder) {
 *   return builder.threadNamePrefix("catalog-").corePoolSize(4).build();
 * }
 * }</pre>
 */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE,
    ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Qualifier
public @interface GreenroomTaskExecutor {
}
