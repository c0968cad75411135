package dev.greenroom.spring.boot;

import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.http.scorecard.ScorecardsApiPlugin;
import dev.greenroom.http.scorecard.TechInsightsApiPlugin;
import dev.greenroom.scorecard.Scorecards;
import dev.greenroom.scorecard.fact.Schedule;
import dev.greenroom.scorecard.store.FactStore;
import dev.greenroom.scorecard.store.JdbcScorecardStore;
import dev.greenroom.scorecard.store.ResultHistory;
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
import org.springframework.context.annotation.Lazy;

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

  /**
   * Facts and results in the application's database ({@code gr_fact_*} tables). Lazy, as the
   * catalog's stores: opened on first use, once the catalog has started.
   */
  @Bean
  @Lazy
  @ConditionalOnMissingBean({FactStore.class, ResultHistory.class})
  @ConditionalOnSingleCandidate(DataSource.class)
  public JdbcScorecardStore greenroomScorecardStore(DataSource dataSource) {
    return new JdbcScorecardStore(dataSource);
  }

  /** Scorecards on the catalog, over lazy references to the fact store and result history. */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnSingleCandidate(DataSource.class)
  public Scorecards greenroomScorecards(CatalogEngine engine, @Lazy FactStore facts,
      @Lazy ResultHistory history, ObjectProvider<MeterRegistry> meterRegistry) {
    Scorecards.Builder b = Scorecards.builder()
        .catalog(engine.catalog())
        .factStore(facts)
        .resultHistory(history)
        .builtinRetrievers()
        .defaultScorecard()
        .evaluationSchedule(Schedule.cron("0 4 * * *"));
    meterRegistry.ifUnique(b::meterRegistry);
    return b.build();
  }

  /**
   * Runs the retrievers and evaluations on their schedules while the context runs: timed on the
   * application's scheduler, run on its executor ({@link GreenroomThreads#longJobScheduler()}).
   */
  @Bean
  @ConditionalOnMissingBean
  public ScorecardsLifecycle greenroomScorecardsLifecycle(Scorecards scorecards,
      ObjectProvider<CatalogEngineLifecycle> catalog, ObjectProvider<GreenroomThreads> threads) {
    GreenroomThreads t = threads.getIfUnique();
    return new ScorecardsLifecycle(scorecards, catalog.getIfUnique(),
        t == null ? null : t.longJobScheduler());
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
