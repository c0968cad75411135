/**
 * Spring Boot auto-configuration for Greenroom: the catalog on the application's {@code
 * DataSource} ({@link dev.greenroom.spring.boot.GreenroomCatalogAutoConfiguration}), the
 * scaffolder, TechDocs and scorecards, Backstage's REST API as a servlet ({@link
 * dev.greenroom.spring.boot.GreenroomHttpAutoConfiguration}), Actuator health and info, and
 * Greenroom's meters in the application's Micrometer {@code MeterRegistry}, all on the
 * application's executor and scheduler ({@link dev.greenroom.spring.boot.GreenroomThreads}, marked
 * with {@link dev.greenroom.spring.boot.GreenroomTaskExecutor} and {@link
 * dev.greenroom.spring.boot.GreenroomTaskScheduler} when they are Greenroom's alone). Settings under {@code greenroom.*}: {@link
 * dev.greenroom.spring.boot.GreenroomProperties}.
 */
@NullMarked
package dev.greenroom.spring.boot;

import org.jspecify.annotations.NullMarked;
