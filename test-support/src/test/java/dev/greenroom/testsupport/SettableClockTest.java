package dev.greenroom.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SettableClockTest {

  @Test
  void standsStillUntilSetOrMoved() {
    SettableClock clock = new SettableClock();
    assertThat(clock.instant()).isEqualTo(SettableClock.DEFAULT_START);
    assertThat(clock.instant()).isEqualTo(clock.instant());
    clock.advance(Duration.ofMinutes(90));
    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T01:30:00Z"));
    assertThat(clock.millis()).isEqualTo(Instant.parse("2026-01-01T01:30:00Z").toEpochMilli());
    clock.set(Instant.parse("2025-06-01T00:00:00Z"));
    assertThat(clock.instant()).isEqualTo(Instant.parse("2025-06-01T00:00:00Z"));
    clock.advance(Duration.ofSeconds(-1));
    assertThat(clock.instant()).isEqualTo(Instant.parse("2025-05-31T23:59:59Z"));
  }

  @Test
  void aViewInAnotherZoneReadsTheSameInstant() {
    SettableClock clock = new SettableClock(Instant.parse("2026-03-01T12:00:00Z"));
    assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
    assertThat(clock.withZone(ZoneOffset.UTC)).isSameAs(clock);
    SettableClock paris = clock.withZone(ZoneId.of("Europe/Paris"));
    assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    clock.advance(Duration.ofHours(1));
    assertThat(paris.instant()).isEqualTo(Instant.parse("2026-03-01T13:00:00Z"));
    paris.set(Instant.parse("2026-03-02T00:00:00Z"));
    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-03-02T00:00:00Z"));
  }
}
