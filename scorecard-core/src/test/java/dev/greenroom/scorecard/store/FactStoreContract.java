package dev.greenroom.scorecard.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.scorecard.fact.Fact;
import dev.greenroom.scorecard.fact.Retention;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** What every {@link FactStore} (and {@link ResultHistory}) must do; subclasses supply the store. */
abstract class FactStoreContract {
  static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  static final EntityRef A = EntityRef.parse("component:default/a");
  static final EntityRef B = EntityRef.parse("component:default/b");

  /** A fresh, empty store. */
  abstract FactStore store();

  /** The same object's history role, or null when it has none. */
  abstract @Nullable ResultHistory history();

  static Fact fact(String id, EntityRef e, int minutes, int value) {
    ObjectNode v = Json.object().put("n", value);
    return new Fact(id, "1.0.0", e, T0.plus(Duration.ofMinutes(minutes)), v);
  }

  @Test
  void latestIsTheGreatestTimestampNotTheLastInsert() {
    FactStore s = store();
    s.insert(List.of(fact("ci", A, 0, 1), fact("ci", A, 20, 3), fact("ci", A, 10, 2)));
    Map<String, Fact> latest = s.latest(A, List.of("ci", "other"));
    assertThat(latest).containsOnlyKeys("ci");
    assertThat(latest.get("ci").values().get("n").asInt()).isEqualTo(3);
    assertThat(latest.get("ci").timestamp()).isEqualTo(T0.plus(Duration.ofMinutes(20)));
    assertThat(s.latest(B, List.of("ci"))).isEmpty();
  }

  @Test
  void aLaterInsertWithTheSameTimestampWins() {
    FactStore s = store();
    s.insert(List.of(fact("ci", A, 5, 1)));
    s.insert(List.of(fact("ci", A, 5, 2)));
    assertThat(s.latest(A, List.of("ci")).get("ci").values().get("n").asInt()).isEqualTo(2);
  }

  @Test
  void withinOneInsertTheLaterOfTwoEqualTimestampsWins() {
    FactStore s = store();
    s.insert(List.of(fact("ci", A, 5, 1), fact("ci", A, 5, 2), fact("ci", A, 4, 3)));
    assertThat(s.latest(A, List.of("ci")).get("ci").values().get("n").asInt()).isEqualTo(2);
    s.insert(List.of(fact("ci", A, 3, 9)));
    assertThat(s.latest(A, List.of("ci")).get("ci").values().get("n").asInt()).isEqualTo(2);
  }

  @Test
  void latestOfManyEntitiesAtOnce() {
    FactStore s = store();
    List<Fact> facts = new ArrayList<>();
    for (int i = 0; i < 1200; i++) {
      EntityRef e = EntityRef.parse("component:default/e" + i);
      facts.add(fact("ci", e, 0, i));
      facts.add(fact("ci", e, 1, i + 1));
      if (i % 2 == 0) {
        facts.add(fact("scan", e, 0, -i));
      }
    }
    s.insert(facts);
    List<EntityRef> refs = new ArrayList<>();
    for (int i = 0; i < 1201; i++) {
      refs.add(EntityRef.parse("component:default/e" + i));
    }
    Map<EntityRef, Map<String, Fact>> m = s.latest(refs, List.of("ci", "scan"));
    assertThat(m).hasSize(1200);
    assertThat(m.get(EntityRef.parse("component:default/e7")).get("ci").values().get("n").asInt()).isEqualTo(8);
    assertThat(m.get(EntityRef.parse("component:default/e8"))).containsOnlyKeys("ci", "scan");
    assertThat(m.get(EntityRef.parse("component:default/e9"))).containsOnlyKeys("ci");
    assertThat(s.entities()).hasSize(1200);
  }

  @Test
  void rangeIsInclusiveAndOldestFirst() {
    FactStore s = store();
    s.insert(List.of(fact("ci", A, 30, 3), fact("ci", A, 0, 0), fact("ci", A, 10, 1), fact("ci", A, 20, 2), fact("ci", B, 10, 9)));
    Map<String, List<Fact>> r =
        s.range(A, List.of("ci", "none"), T0.plus(Duration.ofMinutes(10)), T0.plus(Duration.ofMinutes(20)));
    assertThat(r.get("ci")).extracting(f -> f.values().get("n").asInt()).containsExactly(1, 2);
    assertThat(r.get("none")).isEmpty();
  }

  @Test
  void valuesRoundTrip() {
    FactStore s = store();
    ObjectNode v = (ObjectNode) Json.parse(
        "{\"coverage\":81.25,\"ok\":true,\"at\":\"2026-01-01T00:00:00Z\",\"tags\":[\"a\",\"b\"],\"o\":{\"x\":[1,{\"y\":null}]},\"none\":null}");
    s.insert(List.of(new Fact("ci", "2.1.0", A, T0, v)));
    Fact f = s.latest(A, List.of("ci")).get("ci");
    assertThat(f.values()).isEqualTo(v);
    assertThat(f.version()).isEqualTo("2.1.0");
    assertThat(f.entity()).isEqualTo(A);
  }

  @Test
  void maxItemsKeepsTheNewestPerEntity() {
    FactStore s = store();
    for (int i = 0; i < 5; i++) {
      s.insert(List.of(fact("ci", A, i, i), fact("ci", B, i, 10 + i), fact("other", A, i, i)));
    }
    int deleted = s.applyRetention("ci", Retention.maxItems(2), T0);
    assertThat(deleted).isEqualTo(6);
    assertThat(s.range(A, List.of("ci"), T0, T0.plus(Duration.ofHours(1))).get("ci"))
        .extracting(f -> f.values().get("n").asInt())
        .containsExactly(3, 4);
    assertThat(s.range(B, List.of("ci"), T0, T0.plus(Duration.ofHours(1))).get("ci")).hasSize(2);
    assertThat(s.range(A, List.of("other"), T0, T0.plus(Duration.ofHours(1))).get("other")).hasSize(5);
    assertThat(s.latest(A, List.of("ci")).get("ci").values().get("n").asInt()).isEqualTo(4);
  }

  @Test
  void timeToLiveDeletesOlderFactsIncludingAnOldLatest() {
    FactStore s = store();
    s.insert(List.of(fact("ci", A, 0, 0), fact("ci", A, 60, 1), fact("ci", B, 0, 5)));
    int deleted = s.applyRetention("ci", Retention.timeToLive(Duration.ofMinutes(30)), T0.plus(Duration.ofMinutes(70)));
    assertThat(deleted).isEqualTo(2);
    assertThat(s.latest(A, List.of("ci")).get("ci").values().get("n").asInt()).isEqualTo(1);
    assertThat(s.latest(B, List.of("ci"))).isEmpty();
  }

  @Test
  void resultHistoryReturnsAHalfOpenRangeInTimeOrder() {
    ResultHistory h = history();
    if (h == null) {
      return;
    }
    h.record(
        List.of(
            new HistoryEntry("card", A, T0.plus(Duration.ofDays(7)), "Gold", 3, 3),
            new HistoryEntry("card", A, T0, null, 0, 3),
            new HistoryEntry("card", B, T0.plus(Duration.ofDays(1)), "Bronze", 1, 3),
            new HistoryEntry("other", B, T0, "Bronze", 1, 3)));
    List<HistoryEntry> got = h.history("card", T0, T0.plus(Duration.ofDays(7)));
    assertThat(got).extracting(HistoryEntry::level).containsExactly(null, "Bronze");
    assertThat(got.get(1).entity()).isEqualTo(B);
    assertThat(got.get(1).score()).isEqualTo(1.0);
    assertThat(h.history("card", T0, T0.plus(Duration.ofDays(8)))).hasSize(3);
  }
}
