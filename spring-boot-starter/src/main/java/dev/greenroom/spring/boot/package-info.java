/**
 * Spring Boot auto-configuration for Greenroom: the catalog on the application's {@code
 * DataSource} ({@link dev.greenroom.spring.boot.GreenroomCatalogAutoConfiguration}), the
 * scaffolder, TechDocs and scorecards, Backstage's REST API as a servlet ({@link
 * dev.greenroom.spring.boot.GreenroomHttpAutoConfiguration}), Actuator health and info, and
 * Greenroom's meters in the application's Micrometer {@code MeterRegistry}. Settings under {@code greenroom.*}: {@link
 * dev.greenroom.spring.boot.GreenroomProperties}.
 */
@NullMarked
package dev.greenroom.spring.boot;

import org.jspecify.annotations.NullMarked;
