package dev.greenroom.spring.boot;

import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.http.HttpApi;
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
 * Greenroom in Actuator and Micrometer, each part when its library is on the classpath: the
 * {@code greenroom} health indicator ({@link GreenroomHealthIndicator}), the {@code greenroom}
 * info contribution ({@link GreenroomInfoContributor}) and the meter binder ({@link
 * GreenroomMetrics}). Each backs off when the application defines a bean of the same name.
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

  /** The meter binder. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
  static class MetricsConfiguration {
    @Bean
    @ConditionalOnMissingBean
    GreenroomMetrics greenroomMetrics(CatalogEngine engine, ObjectProvider<HttpApi> api) {
      return new GreenroomMetrics(api.getIfUnique(), engine);
    }
  }
}
