package dev.greenroom.spring.boot;

import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.scaffolder.Scaffolder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Greenroom in Actuator, each part when its library is on the classpath: the {@code greenroom}
 * health indicator ({@link GreenroomHealthIndicator}) and the {@code greenroom} info contribution
 * ({@link GreenroomInfoContributor}). Each backs off when the application defines a bean of the
 * same name. Greenroom's meters need no bean here: the catalog engine, scaffolder, scorecards and
 * HTTP API record into the application's {@code MeterRegistry} themselves.
 */
@AutoConfiguration(after = {
    GreenroomCatalogAutoConfiguration.class,
    GreenroomScaffolderAutoConfiguration.class,
    GreenroomHttpAutoConfiguration.class})
@ConditionalOnBean(CatalogEngine.class)
@EnableConfigurationProperties(GreenroomProperties.class)
public class GreenroomActuatorAutoConfiguration {

  /** The health indicator, named {@code greenroom} by its bean name. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
  static class HealthConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "greenroomHealthIndicator")
    GreenroomHealthIndicator greenroomHealthIndicator(CatalogEngine engine,
        ObjectProvider<CatalogEngineLifecycle> lifecycle, ObjectProvider<Scaffolder> scaffolder,
        GreenroomProperties properties) {
      return new GreenroomHealthIndicator(engine, lifecycle.getIfUnique(),
          scaffolder.getIfUnique(), properties.getScaffolder().getConcurrency(), properties.getHealth().getTimeout());
    }
  }

  /** The info contribution. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.info.InfoContributor")
  static class InfoConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "greenroomInfoContributor")
    GreenroomInfoContributor greenroomInfoContributor(CatalogEngine engine) {
      return new GreenroomInfoContributor(engine.catalog());
    }
  }
}
