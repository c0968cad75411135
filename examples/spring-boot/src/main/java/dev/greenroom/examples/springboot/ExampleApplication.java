package dev.greenroom.examples.springboot;

import dev.greenroom.catalog.processing.CatalogProcessor;
import dev.greenroom.scaffolder.action.TemplateAction;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot service that embeds Greenroom: the starter builds the catalog on the service's
 * H2 database from {@code catalog/all.yaml}, the scaffolder, and Backstage's REST API at {@code
 * /api/*}; the service adds one processor and one action as beans and serves its own endpoint
 * ({@link CatalogSummaryController}) beside them. Actuator shows the {@code greenroom} health and
 * info, and Greenroom's meters at {@code /actuator/prometheus}.
 *
 * <p>Run it with {@code mvn -pl examples/spring-boot spring-boot:run} (or {@code java -jar} the
 * built jar from {@code examples/spring-boot}) and open {@code
 * http://localhost:8080/api/catalog/entities}.
 */
@SpringBootApplication
public class ExampleApplication {

  /** The service's own processor: every entity gets its owner's name as a label. */
  @Bean
  CatalogProcessor ownerLabelProcessor() {
    return new OwnerLabelProcessor();
  }

  /** The service's own scaffolder action, {@code example:greet}. */
  @Bean
  TemplateAction greetAction() {
    return new GreetAction();
  }

  /** Starts the service. */
  public static void main(String[] args) {
    SpringApplication.run(ExampleApplication.class, args);
  }
}
