package dev.greenroom.catalog.processing.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.CatalogProcessor;
import dev.greenroom.catalog.processing.ProcessorContext;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.testsupport.SettableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's meters count what processing and stitching did. */
class EngineMetersTest {
  @TempDir Path dir;
  final SettableClock clock = new SettableClock();
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  /** Fails every run over component {@code a}. */
  static final CatalogProcessor FAILS_ON_A = new CatalogProcessor() {
    @Override
    public String name() {
      return "fails-on-a";
    }

    @Override
    public Entity postProcess(Entity entity, ProcessorContext context) {
      if (entity.ref().name().equals("a")) {
        throw new IllegalStateException("boom on " + entity.ref());
      }
      return entity;
    }
  };

  CatalogEngine engine(Path catalog) {
    return CatalogEngine.builder()
        .rules(CatalogRules.allowKinds("Component", "Location"))
        .clock(clock)
        .processingDisabled()
        .processor(FAILS_ON_A)
        .meterRegistry(meters)
        .location("file", catalog.toString())
        .build();
  }

  double count(String name, String tag, String value) {
    return meters.get(name).tag(tag, value).counter().count();
  }

  long runs(String result) {
    return meters.get(ProcessingMeters.PROCESSING).tag("result", result).timer().count();
  }

  @Test
  void aFailingProcessorCountsOneErrorAndTheRestAreOk() {
    Path f = TestCatalogs.write(dir.resolve("catalog.yaml"),
        EngineBehaviourTest.component("a", "team") + "---\n"
            + EngineBehaviourTest.component("b", "team"));
    try (CatalogEngine e = engine(f)) {
      e.start();
      assertThat(e.awaitIdle(Duration.ofSeconds(30))).isTrue();
      long served = e.catalog().store().size();
      assertThat(served).isEqualTo(2); // the configured Location and component b; a failed

      assertThat(runs("error")).isEqualTo(1);
      assertThat(runs("ok")).isEqualTo(2);
      assertThat(runs("unchanged")).isZero();
      assertThat(count(ProcessingMeters.PROCESSING_ERRORS, "error", "InputError")).isEqualTo(1);
      assertThat(count(ProcessingMeters.EVENTS, "type", "failed")).isEqualTo(1);
      assertThat(count(ProcessingMeters.EVENTS, "type", "added")).isEqualTo(served);
      assertThat(meters.get(ProcessingMeters.STITCHING).timer().count()).isPositive();
      assertThat(meters.get(ProcessingMeters.ENTITIES).gauge().value()).isEqualTo(served);
      assertThat(meters.get(ProcessingMeters.DUE).gauge().value()).isZero();
      assertThat(meters.get(ProcessingMeters.STITCH_QUEUED).gauge().value()).isZero();
      assertThat(meters.get(ProcessingMeters.RESTITCH_DEFERRED).gauge().value()).isZero();

      // the next round finds nothing new: three unchanged runs (a's error is the same one, so
      // it is not stored or counted again)
      clock.advance(Duration.ofMinutes(10));
      assertThat(e.awaitIdle(Duration.ofSeconds(30))).isTrue();
      assertThat(runs("unchanged")).isEqualTo(3);
      assertThat(runs("error")).isEqualTo(1);
      assertThat(count(ProcessingMeters.PROCESSING_ERRORS, "error", "InputError")).isEqualTo(1);
      assertThat(count(ProcessingMeters.EVENTS, "type", "changed")).isZero();
    }
  }

  @Test
  void theGaugesGoWithTheEngineSoANewEngineRegistersItsOwn() {
    Path f = TestCatalogs.write(dir.resolve("catalog.yaml"),
        EngineBehaviourTest.component("b", "team"));
    try (CatalogEngine e = engine(f)) {
      e.start();
      assertThat(e.awaitIdle(Duration.ofSeconds(30))).isTrue();
      assertThat(meters.get(ProcessingMeters.ENTITIES).gauge().value()).isEqualTo(2);
    }
    assertThat(meters.find(ProcessingMeters.ENTITIES).gauge()).isNull();
    try (CatalogEngine e = engine(f)) {
      // a fresh engine with empty stores
      assertThat(meters.get(ProcessingMeters.ENTITIES).gauge().value()).isZero();
    }
  }
}
