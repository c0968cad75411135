package dev.greenroom.spring.boot;

import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.http.scorecard.ScorecardsApiPlugin;
import dev.greenroom.http.scorecard.TechInsightsApiPlugin;
import dev.greenroom.scorecard.Scorecards;
import dev.greenroom.scorecard.fact.Schedule;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Scorecards and tech insights, when {@code greenroom-scorecard-core} is on the classpath: facts in
 * the application's database ({@code gr_fact_*} tables), the built-in retrievers and the default
 * scorecard, run on their schedules while the context runs; served at {@code /api/tech-insights}
 * and {@code /api/scorecards}. {@code greenroom.scorecards.enabled=false} switches them off.
 */
@AutoConfiguration(after = GreenroomCatalogAutoConfiguration.class)
@ConditionalOnClass(name = "dev.greenroom.scorecard.Scorecards")
@ConditionalOnBooleanProperty(name = "greenroom.scorecards.enabled", matchIfMissing = true)
@ConditionalOnBean(CatalogEngine.class)
@EnableConfigurationProperties(GreenroomProperties.class)
public class GreenroomScorecardsAutoConfiguration {

  /** Scorecards on the catalog, facts in the application's database. */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnSingleCandidate(DataSource.class)
  public Scorecards greenroomScorecards(CatalogEngine engine, DataSource dataSource,
      ObjectProvider<MeterRegistry> meterRegistry) {
    Scorecards.Builder b = Scorecards.builder()
        .catalog(engine.catalog())
        .dataSource(dataSource)
        .builtinRetrievers()
        .defaultScorecard()
        .evaluationSchedule(Schedule.cron("0 4 * * *"));
    meterRegistry.ifUnique(b::meterRegistry);
    return b.build();
  }

  /** Runs the retrievers and evaluations on their schedules while the context runs. */
  @Bean
  @ConditionalOnMissingBean
  public ScorecardsLifecycle greenroomScorecardsLifecycle(Scorecards scorecards) {
    return new ScorecardsLifecycle(scorecards);
  }

  /** {@code /api/tech-insights}, when the API is on. */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBooleanProperty(name = "greenroom.http.enabled", matchIfMissing = true)
  public TechInsightsApiPlugin greenroomTechInsightsApiPlugin(Scorecards scorecards) {
    return new TechInsightsApiPlugin(scorecards);
  }

  /** {@code /api/scorecards}, when the API is on. */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBooleanProperty(name = "greenroom.http.enabled", matchIfMissing = true)
  public ScorecardsApiPlugin greenroomScorecardsApiPlugin(Scorecards scorecards) {
    return new ScorecardsApiPlugin(scorecards);
  }
}
