package dev.greenroom.catalog.processing.state.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.DeferredEntity;
import dev.greenroom.catalog.processing.state.Conflict;
import dev.greenroom.catalog.processing.state.internal.LocationKeyRule.Decision;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Backstage's location-key rule as both processing state stores execute it: the first source of a
 * ref keeps it; the same key (or a row without one) is replaced; another key is a conflict that
 * names both keys, which the engine logs as Backstage does ("Detected conflicting entityRef ...
 * already referenced by ... and now also ...").
 */
class LocationKeyRuleTest {

  record Row(String unprocessedHash, @Nullable String locationKey) implements LocationKeyRule.Held {}

  /** Rows in a map, recording what the rule asked to write. */
  static final class MapRows implements LocationKeyRule.Rows {
    final Map<EntityRef, Row> rows = new HashMap<>();
    final List<String> writes = new ArrayList<>();

    @Override
    public LocationKeyRule.@Nullable Held held(EntityRef ref) {
      return rows.get(ref);
    }

    @Override
    public void insert(DeferredEntity d, String hash) {
      rows.put(d.entity().ref(), new Row(hash, d.locationKey()));
      writes.add("insert " + d.entity().ref() + " " + d.locationKey());
    }

    @Override
    public void update(DeferredEntity d, String hash) {
      rows.put(d.entity().ref(), new Row(hash, d.locationKey()));
      writes.add("update " + d.entity().ref() + " " + d.locationKey());
    }
  }

  static DeferredEntity component(String name, @Nullable String key, String description) {
    return new DeferredEntity(
        Entity.fromJson(
            "{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"Component\",\"metadata\":{\"name\":\""
                + name
                + "\",\"description\":\""
                + description
                + "\"},\"spec\":{\"type\":\"service\",\"owner\":\"team\"}}"),
        key);
  }

  @Test
  void noRowIsAnInsert() {
    assertThat(LocationKeyRule.decide(null, "h1", "url:a")).isEqualTo(Decision.INSERT);
    assertThat(LocationKeyRule.decide(null, "h1", null)).isEqualTo(Decision.INSERT);
  }

  @Test
  void sameKeyWithNewDataReplacesTheRow() {
    assertThat(LocationKeyRule.decide(new Row("h1", "url:a"), "h2", "url:a"))
        .isEqualTo(Decision.UPDATE);
  }

  @Test
  void sameKeyAndSameHashWritesNothing() {
    assertThat(LocationKeyRule.decide(new Row("h1", "url:a"), "h1", "url:a"))
        .isEqualTo(Decision.UNCHANGED);
    assertThat(LocationKeyRule.decide(new Row("h1", null), "h1", null))
        .isEqualTo(Decision.UNCHANGED);
  }

  @Test
  void aRowWithoutKeyIsTakenOverByAKeyedWrite() {
    assertThat(LocationKeyRule.decide(new Row("h1", null), "h1", "url:a"))
        .isEqualTo(Decision.UPDATE);
  }

  @Test
  void differentKeyIsAConflictEvenWithTheSameData() {
    assertThat(LocationKeyRule.decide(new Row("h1", "url:a"), "h1", "url:b"))
        .isEqualTo(Decision.CONFLICT);
    // a newcomer without key cannot take a keyed row either
    assertThat(LocationKeyRule.decide(new Row("h1", "url:a"), "h1", null))
        .isEqualTo(Decision.CONFLICT);
  }

  @Test
  void aConflictKeepsTheRowAndNamesBothKeys() {
    MapRows rows = new MapRows();
    DeferredEntity first = component("svc", "url:a", "first");
    DeferredEntity second = component("svc", "url:b", "second");
    assertThat(LocationKeyRule.write(first, rows)).isNull();
    Conflict c = LocationKeyRule.write(second, rows);
    assertThat(c).isNotNull();
    assertThat(c.ref()).isEqualTo(EntityRef.parse("component:default/svc"));
    assertThat(c.existingLocationKey()).isEqualTo("url:a");
    assertThat(c.newLocationKey()).isEqualTo("url:b");
    assertThat(c.rejected()).isEqualTo(second.entity());
    assertThat(rows.writes).containsExactly("insert component:default/svc url:a");
    assertThat(rows.rows.get(c.ref()).unprocessedHash())
        .isEqualTo(StateSupport.hash(first.entity()));
  }

  @Test
  void oneRunEmittingARefTwiceKeepsTheFirstKeyAndReportsTheSecond() {
    MapRows rows = new MapRows();
    List<EntityRef> accepted = new ArrayList<>();
    List<Conflict> conflicts =
        LocationKeyRule.writeAll(
            List.of(
                component("svc", "url:a", "one"),
                component("other", "url:a", "x"),
                component("svc", "url:a", "two"),
                component("svc", "url:b", "three")),
            rows,
            accepted::add);
    assertThat(rows.writes)
        .containsExactly(
            "insert component:default/svc url:a",
            "insert component:default/other url:a",
            "update component:default/svc url:a");
    assertThat(accepted)
        .extracting(EntityRef::name)
        .containsExactly("svc", "other", "svc");
    assertThat(conflicts).singleElement().satisfies(c -> {
      assertThat(c.existingLocationKey()).isEqualTo("url:a");
      assertThat(c.newLocationKey()).isEqualTo("url:b");
    });
  }
}
