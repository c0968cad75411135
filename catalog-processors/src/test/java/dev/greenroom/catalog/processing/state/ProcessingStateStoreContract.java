package dev.greenroom.catalog.processing.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.RelationEdge;
import dev.greenroom.catalog.processing.DeferredEntity;
import dev.greenroom.catalog.processing.EntityMutation;
import dev.greenroom.catalog.processing.ProcessingError;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** The behaviour every {@link ProcessingStateStore} shares; one subclass per implementation. */
abstract class ProcessingStateStoreContract {
  static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
  static final Duration LEASE = Duration.ofMinutes(1);
  static final Duration INTERVAL = Duration.ofSeconds(100);
  static final Supplier<Duration> EVERY_100S = () -> INTERVAL;

  protected ProcessingStateStore store;

  /** A fresh, empty store. */
  protected abstract ProcessingStateStore newStore();

  @BeforeEach
  void open() {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  // ------------------------------------------------------------------------------- fixtures

  static EntityRef ref(String s) {
    return EntityRef.parse(s);
  }

  static Entity entity(String kind, String name, String location, String extra) {
    return Entity.fromJson(
        "{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\""
            + kind
            + "\",\"metadata\":{\"name\":\""
            + name
            + "\",\"annotations\":{\"backstage.io/managed-by-location\":\""
            + location
            + "\",\"backstage.io/managed-by-origin-location\":\""
            + location
            + "\"}},\"spec\":{\"type\":\"service\",\"owner\":\"team\",\"extra\":\""
            + extra
            + "\"}}");
  }

  static DeferredEntity component(String name, String key) {
    return new DeferredEntity(entity("Component", name, key, ""), key);
  }

  static DeferredEntity component(String name, String key, String extra) {
    return new DeferredEntity(entity("Component", name, key, extra), key);
  }

  static DeferredEntity location(String name, String key) {
    return new DeferredEntity(entity("Location", name, key, ""), key);
  }

  static EntityRef c(String name) {
    return ref("component:default/" + name);
  }

  static EntityRef l(String name) {
    return ref("location:default/" + name);
  }

  MutationOutcome full(String source, DeferredEntity... es) {
    return store.applyMutation(source, EntityMutation.full(List.of(es)), T0);
  }

  List<ClaimedEntity> claimAll(Instant now) {
    return store.claim("engine", 10_000, now, LEASE, EVERY_100S);
  }

  /** Claims {@code ref} (made due first); other rows claimed with it are released unchanged. */
  ClaimedEntity claimOne(EntityRef ref, Instant now) {
    store.refreshNow(ref, now);
    List<ClaimedEntity> got = store.claim("engine", 10_000, now, LEASE, EVERY_100S);
    List<RunOutcome> others = new ArrayList<>();
    ClaimedEntity mine = null;
    for (ClaimedEntity x : got) {
      if (x.ref().equals(ref)) {
        mine = x;
      } else {
        others.add(new RunOutcome.Unchanged(x.ref()));
      }
    }
    store.complete("engine", others, now);
    assertThat(mine).as("claimed " + ref).isNotNull();
    return mine;
  }

  static RunOutcome.Succeeded ok(ClaimedEntity c, String hash, DeferredEntity... children) {
    return ok(c.ref(), hash, List.of(), List.of(), children);
  }

  static RunOutcome.Succeeded ok(
      EntityRef r,
      String hash,
      List<RelationEdge> relations,
      List<String> refreshKeys,
      DeferredEntity... children) {
    Entity processed =
        entity(r.kind(), r.name(), "url:x", "processed").withUid("uid-of-" + r.name());
    return new RunOutcome.Succeeded(
        r, hash, processed, relations, List.of(children), refreshKeys, Json.object());
  }

  /** Processes {@code r} successfully with {@code children} at {@code now}. */
  CompletionOutcome process(EntityRef r, Instant now, DeferredEntity... children) {
    claimOne(r, now);
    return store.complete("engine", List.of(ok(r, "h-" + now, List.of(), List.of(), children)), now);
  }

  void drainStitches() {
    List<StitchInput> got;
    while (!(got = store.claimStitches("drain", 1000, T0.plusSeconds(100_000), LEASE)).isEmpty()) {
      store.finishStitches("drain", got);
    }
    assertThat(store.stitchQueueSize()).isZero();
  }

  /** The queued refs, looked at with a lease that has expired by {@code T0}. */
  List<EntityRef> queued() {
    List<StitchInput> got =
        store.claimStitches("peek", 10_000, T0.minus(Duration.ofDays(1)), Duration.ZERO);
    List<EntityRef> out = new ArrayList<>();
    for (StitchInput s : got) {
      out.add(s.ref());
    }
    return out;
  }

  // ---------------------------------------------------------------- inserts, updates, no-ops

  @Test
  void aProviderInsertsUpdatesAndLeavesEqualEntitiesAlone() {
    MutationOutcome first = full("p", component("a", "url:a"));
    assertThat(first.conflicts()).isEmpty();
    assertThat(first.deleted()).isEmpty();
    RefreshState a = store.get(c("a")).orElseThrow();
    assertThat(a.ref()).isEqualTo(c("A"));
    assertThat(a.locationKey()).isEqualTo("url:a");
    assertThat(a.nextUpdateAt()).isEqualTo(T0);
    assertThat(a.processed()).isNull();
    assertThat(a.resultHash()).isNull();
    assertThat(a.errors()).isEmpty();
    assertThat(store.size()).isEqualTo(1);
    assertThat(store.sourceKeys()).containsExactly("p");

    // claimed: due again in 100 s
    assertThat(claimAll(T0)).extracting(ClaimedEntity::ref).containsExactly(c("a"));
    assertThat(store.get(c("a")).orElseThrow().nextUpdateAt()).isEqualTo(T0.plus(INTERVAL));

    // the same entity again: nothing changes, it is not requeued
    store.applyMutation("p", EntityMutation.full(List.of(component("a", "url:a"))), T0.plusSeconds(5));
    assertThat(store.get(c("a")).orElseThrow().nextUpdateAt()).isEqualTo(T0.plus(INTERVAL));

    // a real change: same row, new data, due now
    store.applyMutation(
        "p", EntityMutation.full(List.of(component("a", "url:a", "changed"))), T0.plusSeconds(7));
    RefreshState changed = store.get(c("a")).orElseThrow();
    assertThat(changed.entityId()).isEqualTo(a.entityId());
    assertThat(changed.unprocessed().spec().get("extra").asString()).isEqualTo("changed");
    assertThat(changed.nextUpdateAt()).isEqualTo(T0.plusSeconds(7));
    assertThat(store.get(c("zzz"))).isEmpty();
  }

  @Test
  void oldestDueIsTheEarliestDueRowAndEmptyOnceAllAreClaimed() {
    assertThat(store.oldestDue(T0)).isEmpty();
    full("p", component("a", "url:a"));
    store.applyMutation("q", EntityMutation.full(List.of(component("b", "url:b"))),
        T0.plusSeconds(30));
    // not due yet at T0 - 1 s; at T0 + 60 s both are, and a has waited longest
    assertThat(store.oldestDue(T0.minusSeconds(1))).isEmpty();
    assertThat(store.oldestDue(T0.plusSeconds(10))).contains(T0);
    assertThat(store.oldestDueAge(T0.plusSeconds(10))).isEqualTo(Duration.ofSeconds(10));
    assertThat(store.oldestDueAge(T0.minusSeconds(1))).isEqualTo(Duration.ZERO);
    assertThat(store.oldestDue(T0.plusSeconds(60))).contains(T0);
    assertThat(claimAll(T0.plusSeconds(60))).hasSize(2);
    // claimed rows wait for their lease, not for processing
    assertThat(store.oldestDue(T0.plusSeconds(60))).isEmpty();
  }

  @Test
  void refsAreCaseInsensitive() {
    full("p", component("MixedCase", "url:a"));
    assertThat(store.get(ref("Component:Default/mixedcase"))).isPresent();
    assertThat(store.refreshNow(ref("COMPONENT:default/MIXEDCASE"), T0)).isTrue();
  }

  // ------------------------------------------------------------------------------ conflicts

  @Test
  void aSecondProviderWithAnotherKeyConflictsAndTheFirstKeepsTheRef() {
    full("p1", component("a", "url:one", "first"));
    MutationOutcome second =
        store.applyMutation(
            "p2", EntityMutation.full(List.of(component("a", "url:two", "second"))), T0);
    assertThat(second.conflicts()).hasSize(1);
    Conflict conflict = second.conflicts().get(0);
    assertThat(conflict.ref()).isEqualTo(c("a"));
    assertThat(conflict.existingLocationKey()).isEqualTo("url:one");
    assertThat(conflict.newLocationKey()).isEqualTo("url:two");
    assertThat(conflict.rejected().spec().get("extra").asString()).isEqualTo("second");
    assertThat(store.get(c("a")).orElseThrow().unprocessed().spec().get("extra").asString())
        .isEqualTo("first");
    // no reference was added for the newcomer
    assertThat(store.sourceKeys()).containsExactly("p1");

    // once the first source lets go, the second can take it
    assertThat(full("p1").deleted()).containsExactly(c("a"));
    assertThat(
            store
                .applyMutation("p2", EntityMutation.full(List.of(component("a", "url:two"))), T0)
                .conflicts())
        .isEmpty();
    assertThat(store.get(c("a")).orElseThrow().locationKey()).isEqualTo("url:two");
  }

  @Test
  void twoProvidersWithTheSameKeyShareARow() {
    full("p1", component("a", "url:one"));
    assertThat(full("p2", component("a", "url:one")).conflicts()).isEmpty();
    assertThat(store.sourceKeys()).containsExactly("p1", "p2");
    // one source letting go leaves the row alive
    assertThat(full("p1").deleted()).isEmpty();
    assertThat(store.get(c("a"))).isPresent();
    assertThat(full("p2").deleted()).containsExactly(c("a"));
    assertThat(store.size()).isZero();
  }

  @Test
  void nullKeysAreTakenOverButNeverTakeOver() {
    full("p1", new DeferredEntity(entity("Component", "open", "url:x", "v1"), null));
    // a keyed write takes over a row without a key
    MutationOutcome keyed =
        store.applyMutation(
            "p2",
            EntityMutation.full(
                List.of(new DeferredEntity(entity("Component", "open", "url:x", "v2"), "url:k"))),
            T0);
    assertThat(keyed.conflicts()).isEmpty();
    assertThat(store.get(c("open")).orElseThrow().locationKey()).isEqualTo("url:k");

    // a keyless write does not take over a keyed row
    MutationOutcome keyless =
        store.applyMutation(
            "p3",
            EntityMutation.full(
                List.of(new DeferredEntity(entity("Component", "open", "url:x", "v3"), null))),
            T0);
    assertThat(keyless.conflicts())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.existingLocationKey()).isEqualTo("url:k");
              assertThat(c.newLocationKey()).isNull();
            });

    // two keyless writes update one another
    full("p4", new DeferredEntity(entity("Component", "free", "url:x", "v1"), null));
    MutationOutcome again =
        store.applyMutation(
            "p5",
            EntityMutation.full(
                List.of(new DeferredEntity(entity("Component", "free", "url:x", "v2"), null))),
            T0);
    assertThat(again.conflicts()).isEmpty();
    assertThat(store.get(c("free")).orElseThrow().unprocessed().spec().get("extra").asString())
        .isEqualTo("v2");
  }

  @Test
  void aChildClaimedByAnotherSourceIsAConflictAndGetsNoReference() {
    full("p", location("root", "url:root"), component("taken", "url:provider"));
    CompletionOutcome done =
        process(l("root"), T0, component("taken", "url:root"), component("free", "url:root"));
    assertThat(done.skipped()).isEmpty();
    assertThat(done.conflicts())
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.ref()).isEqualTo(c("taken"));
              assertThat(x.existingLocationKey()).isEqualTo("url:provider");
              assertThat(x.newLocationKey()).isEqualTo("url:root");
            });
    assertThat(store.childrenOf(l("root"))).containsExactly(c("free"));
    assertThat(store.parentsOf(c("taken"))).isEmpty();
    assertThat(store.get(c("taken")).orElseThrow().locationKey()).isEqualTo("url:provider");
  }

  /**
   * Regression: a location emitting the same ref from two files (two location keys) kept the last
   * one read. The location-key rule applies in emission order: the first file keeps the ref.
   */
  @Test
  void theSameRefEmittedTwiceByOneParentIsKeptFromTheFirstLocation() {
    full("p", location("root", "url:root"));
    CompletionOutcome done =
        process(
            l("root"),
            T0,
            component("dup", "file:/a.yaml", "first"),
            component("dup", "file:/b.yaml", "second"));
    assertThat(done.conflicts())
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.ref()).isEqualTo(c("dup"));
              assertThat(x.existingLocationKey()).isEqualTo("file:/a.yaml");
              assertThat(x.newLocationKey()).isEqualTo("file:/b.yaml");
              assertThat(x.rejected().spec().get("extra").asString()).isEqualTo("second");
            });
    RefreshState dup = store.get(c("dup")).orElseThrow();
    assertThat(dup.locationKey()).isEqualTo("file:/a.yaml");
    assertThat(dup.unprocessed().spec().get("extra").asString()).isEqualTo("first");
    assertThat(store.childrenOf(l("root"))).containsExactly(c("dup"));

    // the next run emits the same pair: still the first, still a conflict
    CompletionOutcome again =
        process(
            l("root"),
            T0.plusSeconds(1),
            component("dup", "file:/a.yaml", "first"),
            component("dup", "file:/b.yaml", "second"));
    assertThat(again.conflicts()).extracting(Conflict::newLocationKey).containsExactly("file:/b.yaml");
    assertThat(store.get(c("dup")).orElseThrow().unprocessed().spec().get("extra").asString())
        .isEqualTo("first");
  }

  @Test
  void theSameRefTwiceUnderOneKeyIsAnUpdateNotAConflict() {
    full("p", location("root", "url:root"));
    CompletionOutcome done =
        process(
            l("root"),
            T0,
            component("dup", "file:/a.yaml", "first"),
            component("dup", "file:/a.yaml", "second"));
    // as Backstage: the second write under the same key updates the row
    assertThat(done.conflicts()).isEmpty();
    assertThat(store.get(c("dup")).orElseThrow().unprocessed().spec().get("extra").asString())
        .isEqualTo("second");
    assertThat(store.childrenOf(l("root"))).containsExactly(c("dup"));
  }

  @Test
  void aProviderListingTheSameRefUnderTwoKeysKeepsTheFirst() {
    MutationOutcome out =
        full("p", component("dup", "url:one", "first"), component("dup", "url:two", "second"));
    assertThat(out.conflicts())
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.existingLocationKey()).isEqualTo("url:one");
              assertThat(x.newLocationKey()).isEqualTo("url:two");
            });
    RefreshState dup = store.get(c("dup")).orElseThrow();
    assertThat(dup.locationKey()).isEqualTo("url:one");
    assertThat(dup.unprocessed().spec().get("extra").asString()).isEqualTo("first");
    assertThat(store.sourceKeys()).containsExactly("p");

    // the same list again changes nothing and keeps the first
    MutationOutcome again =
        full("p", component("dup", "url:one", "first"), component("dup", "url:two", "second"));
    assertThat(again.deleted()).isEmpty();
    assertThat(again.conflicts()).hasSize(1);
    assertThat(store.get(c("dup")).orElseThrow().unprocessed().spec().get("extra").asString())
        .isEqualTo("first");
  }

  // -------------------------------------------------------------------------- full and delta

  @Test
  void fullReplacesTheBucketAndDeltaAddsAndRemoves() {
    full("p", component("a", "url:a"), component("b", "url:b"));
    MutationOutcome second = full("p", component("b", "url:b"), component("c", "url:c"));
    assertThat(second.deleted()).containsExactly(c("a"));
    assertThat(store.get(c("a"))).isEmpty();
    assertThat(store.size()).isEqualTo(2);

    MutationOutcome delta =
        store.applyMutation(
            "p",
            EntityMutation.delta(
                List.of(component("d", "url:d")), List.of(new EntityMutation.Removal(c("b"), null))),
            T0);
    assertThat(delta.deleted()).containsExactly(c("b"));
    assertThat(store.get(c("c"))).isPresent();
    assertThat(store.get(c("d"))).isPresent();

    // a removal naming another key does not remove; the right key does
    MutationOutcome wrongKey =
        store.applyMutation(
            "p",
            EntityMutation.delta(List.of(), List.of(new EntityMutation.Removal(c("c"), "url:other"))),
            T0);
    assertThat(wrongKey.deleted()).isEmpty();
    assertThat(store.get(c("c"))).isPresent();
    MutationOutcome rightKey =
        store.applyMutation(
            "p",
            EntityMutation.delta(List.of(), List.of(new EntityMutation.Removal(c("c"), "url:c"))),
            T0);
    assertThat(rightKey.deleted()).containsExactly(c("c"));

    // a removal of what another source holds touches nothing
    full("q", component("e", "url:e"));
    MutationOutcome foreign =
        store.applyMutation(
            "p", EntityMutation.delta(List.of(), List.of(new EntityMutation.Removal(c("e"), null))), T0);
    assertThat(foreign.deleted()).isEmpty();
    assertThat(store.get(c("e"))).isPresent();
  }

  @Test
  void aSourceChangingTheKeyOfItsOwnRefReplacesTheRow() {
    full("p", location("root", "url:old"));
    process(l("root"), T0, component("kid", "url:old"));
    String oldId = store.get(l("root")).orElseThrow().entityId();
    MutationOutcome moved = full("p", location("root", "url:new"));
    assertThat(moved.conflicts()).isEmpty();
    RefreshState root = store.get(l("root")).orElseThrow();
    assertThat(root.locationKey()).isEqualTo("url:new");
    assertThat(root.entityId()).isNotEqualTo(oldId);
    assertThat(root.processed()).isNull();
    // the old row's subtree went with it
    assertThat(store.get(c("kid"))).isEmpty();
    assertThat(moved.deleted()).containsExactly(c("kid"));
  }

  // ------------------------------------------------------------------------- eager deletion

  @Test
  void removingARootDeletesItsSubtreeButNotAChildKeptByAnotherParent() {
    full("p", location("root", "url:root"));
    full("q", location("other", "url:other"));
    process(l("root"), T0, component("x", "url:root"), component("y", "url:root"));
    process(c("x"), T0, component("shared", "url:shared"), component("onlyx", "url:x"));
    process(l("other"), T0, component("shared", "url:shared"));
    assertThat(store.parentsOf(c("shared"))).containsExactly(c("x"), l("other"));
    drainStitches();

    MutationOutcome out = store.applyMutation("p", EntityMutation.full(List.of()), T0);
    assertThat(out.deleted()).containsExactlyInAnyOrder(l("root"), c("x"), c("y"), c("onlyx"));
    assertThat(store.get(c("shared"))).isPresent();
    assertThat(store.parentsOf(c("shared"))).containsExactly(l("other"));
    assertThat(store.childrenOf(l("other"))).containsExactly(c("shared"));
    assertThat(store.size()).isEqualTo(2);
    assertThat(store.sourceKeys()).containsExactly("q");
    // the deleted rows are queued so that their final entities go; the survivor is not
    assertThat(queued()).containsExactlyInAnyOrder(l("root"), c("x"), c("y"), c("onlyx"));
    List<StitchInput> inputs = store.claimStitches("s", 10, T0, LEASE);
    assertThat(inputs).allSatisfy(s -> {
      assertThat(s.exists()).isFalse();
      assertThat(s.entityId()).isNull();
      assertThat(s.processed()).isNull();
    });
  }

  @Test
  void eagerDeletionRemovesCyclesThatNothingOutsideKeepsAlive() {
    full("p", location("root", "url:root"));
    process(l("root"), T0, component("a", "url:root"));
    process(c("a"), T0, component("b", "url:a"));
    process(c("b"), T0, component("a", "url:root"));
    assertThat(store.parentsOf(c("a"))).containsExactly(c("b"), l("root"));
    assertThat(full("p").deleted()).containsExactlyInAnyOrder(l("root"), c("a"), c("b"));
    assertThat(store.size()).isZero();
  }

  // ------------------------------------------------------------------------------------ claims

  @Test
  void claimsTakeDueRowsOldestFirstAndCallTheIntervalOncePerRow() {
    store.applyMutation("p", EntityMutation.full(List.of(component("a", "k"))), T0);
    store.applyMutation(
        "q", EntityMutation.full(List.of(component("b", "k"))), T0.minusSeconds(10));
    store.applyMutation("r", EntityMutation.full(List.of(component("c", "k"))), T0.plusSeconds(10));
    store.applyMutation("s", EntityMutation.full(List.of(component("d", "k"))), T0);
    assertThat(store.dueCount(T0)).isEqualTo(3);
    AtomicInteger calls = new AtomicInteger();
    List<ClaimedEntity> got =
        store.claim(
            "e1", 2, T0, LEASE, () -> Duration.ofSeconds(100 + calls.incrementAndGet()));
    assertThat(got).extracting(ClaimedEntity::ref).containsExactly(c("b"), c("a"));
    assertThat(calls).hasValue(2);
    assertThat(store.get(c("b")).orElseThrow().nextUpdateAt()).isEqualTo(T0.plusSeconds(101));
    assertThat(store.get(c("a")).orElseThrow().nextUpdateAt()).isEqualTo(T0.plusSeconds(102));
    ClaimedEntity b = got.get(0);
    assertThat(b.entityId()).isEqualTo(store.get(c("b")).orElseThrow().entityId());
    assertThat(b.locationKey()).isEqualTo("k");
    assertThat(b.resultHash()).isNull();
    assertThat(b.cache().isEmpty()).isTrue();
    assertThat(b.unprocessed().ref()).isEqualTo(c("b"));
    assertThat(store.claim("e1", 10, T0, LEASE, EVERY_100S))
        .extracting(ClaimedEntity::ref)
        .containsExactly(c("d"));
    assertThat(store.claim("e1", 10, T0, LEASE, EVERY_100S)).isEmpty();
    assertThat(store.dueCount(T0)).isZero();
  }

  @Test
  void releasedClaimsOfAKilledEngineAreTakenUpAtOnce() {
    org.junit.jupiter.api.Assumptions.assumeFalse(
        store instanceof MemoryProcessingState, "claims in memory die with the process");
    full("p", component("a", "k"));
    assertThat(store.claim("killed", 10, T0, LEASE, EVERY_100S)).hasSize(1);
    assertThat(store.claim("restarted", 10, T0, LEASE, EVERY_100S)).isEmpty();
    assertThat(store.releaseClaims("someone-else")).isZero();
    // the engine restarted under its old id frees the claim, and the row is due at once
    assertThat(store.releaseClaims("killed")).isEqualTo(1);
    assertThat(store.claim("restarted", 10, T0, LEASE, EVERY_100S))
        .extracting(ClaimedEntity::ref).containsExactly(c("a"));

    store.complete("restarted", List.of(ok(c("a"), "h1", List.of(), List.of())), T0);
    assertThat(store.claimStitches("killed", 10, T0, LEASE)).hasSize(1);
    assertThat(store.claimStitches("restarted", 10, T0, LEASE)).isEmpty();
    assertThat(store.releaseClaims("killed")).isEqualTo(1);
    assertThat(store.claimStitches("restarted", 10, T0, LEASE))
        .extracting(StitchInput::ref).containsExactly(c("a"));
  }

  @Test
  void aLeaseKeepsOthersOutUntilItExpires() {
    full("p", component("a", "k"));
    Supplier<Duration> soon = () -> Duration.ofSeconds(10);
    assertThat(store.claim("e1", 10, T0, LEASE, soon)).hasSize(1);
    // due again after 10 s, but leased for 60 s
    assertThat(store.claim("e2", 10, T0.plusSeconds(20), LEASE, soon)).isEmpty();
    List<ClaimedEntity> reclaimed = store.claim("e2", 10, T0.plusSeconds(61), LEASE, soon);
    assertThat(reclaimed).extracting(ClaimedEntity::ref).containsExactly(c("a"));

    // e1's lease is lost: its outcome is skipped; e2's is stored
    CompletionOutcome late =
        store.complete("e1", List.of(ok(c("a"), "h1", List.of(), List.of())), T0.plusSeconds(62));
    assertThat(late.skipped()).containsExactly(c("a"));
    assertThat(store.get(c("a")).orElseThrow().resultHash()).isNull();
    CompletionOutcome current =
        store.complete("e2", List.of(ok(c("a"), "h2", List.of(), List.of())), T0.plusSeconds(62));
    assertThat(current.skipped()).isEmpty();
    assertThat(store.get(c("a")).orElseThrow().resultHash()).isEqualTo("h2");
    // the lease is released: a second completion by the same owner is skipped
    assertThat(
            store
                .complete("e2", List.of(new RunOutcome.Unchanged(c("a"))), T0.plusSeconds(63))
                .skipped())
        .containsExactly(c("a"));
    // and the row can be claimed again as soon as it is due
    assertThat(store.claim("e3", 10, T0.plusSeconds(72), LEASE, soon)).hasSize(1);
  }

  @Test
  void completingARowDeletedMeanwhileSkipsIt() {
    full("p", component("a", "k"));
    claimAll(T0);
    full("p");
    CompletionOutcome out =
        store.complete("engine", List.of(ok(c("a"), "h", List.of(), List.of())), T0);
    assertThat(out.skipped()).containsExactly(c("a"));
    assertThat(store.size()).isZero();
  }

  @Test
  void unchangedOnlyReleasesTheLease() {
    full("p", component("a", "k"));
    process(c("a"), T0);
    RefreshState before = store.get(c("a")).orElseThrow();
    drainStitches();
    claimOne(c("a"), T0.plusSeconds(1));
    CompletionOutcome out =
        store.complete("engine", List.of(new RunOutcome.Unchanged(c("a"))), T0.plusSeconds(1));
    assertThat(out.skipped()).isEmpty();
    RefreshState after = store.get(c("a")).orElseThrow();
    assertThat(after.resultHash()).isEqualTo(before.resultHash());
    assertThat(after.processed()).isEqualTo(before.processed());
    assertThat(store.stitchQueueSize()).isZero();
  }

  // ---------------------------------------------------------------------------- completions

  @Test
  void aFailedRunKeepsTheLastGoodDataAndStoresItsErrors() {
    full("p", location("root", "url:root"));
    RelationEdge edge = new RelationEdge(l("root"), "ownedBy", ref("group:default/team"));
    claimOne(l("root"), T0);
    store.complete(
        "engine",
        List.of(ok(l("root"), "good", List.of(edge), List.of("url:root"), component("kid", "url:root"))),
        T0);
    drainStitches();

    claimOne(l("root"), T0.plusSeconds(1));
    List<ProcessingError> errors = List.of(ProcessingError.notFound("gone"), ProcessingError.input("bad"));
    store.complete("engine", List.of(new RunOutcome.Failed(l("root"), "bad-hash", errors)), T0);
    RefreshState root = store.get(l("root")).orElseThrow();
    assertThat(root.errors()).containsExactlyElementsOf(errors);
    assertThat(root.resultHash()).isEqualTo("bad-hash");
    assertThat(root.processed()).isNotNull();
    assertThat(root.processed().metadata().uid()).isEqualTo("uid-of-root");
    assertThat(root.refreshKeys()).containsExactly("url:root");
    assertThat(store.childrenOf(l("root"))).containsExactly(c("kid"));

    List<StitchInput> stitch = store.claimStitches("s", 10, T0, LEASE);
    assertThat(stitch).singleElement().satisfies(s -> {
      assertThat(s.ref()).isEqualTo(l("root"));
      assertThat(s.exists()).isTrue();
      assertThat(s.entityId()).isEqualTo(root.entityId());
      assertThat(s.errors()).containsExactlyElementsOf(errors);
      assertThat(s.relations()).containsExactly(edge);
      assertThat(s.processed()).isEqualTo(root.processed());
      assertThat(s.orphan()).isFalse();
    });
  }

  @Test
  void aSucceededRunReplacesRelationsChildrenAndRefreshKeys() {
    full("p", location("root", "url:root"));
    RelationEdge first = new RelationEdge(l("root"), "ownedBy", ref("group:default/a"));
    RelationEdge second = new RelationEdge(l("root"), "ownedBy", ref("group:default/b"));
    claimOne(l("root"), T0);
    store.complete(
        "engine",
        List.of(
            ok(l("root"), "h1", List.of(first), List.of("url:one", "file:/x"),
                component("x", "url:root"), component("y", "url:root"))),
        T0);
    assertThat(store.get(l("root")).orElseThrow().refreshKeys()).containsExactly("file:/x", "url:one");
    // the new children are due at once
    assertThat(store.get(c("x")).orElseThrow().nextUpdateAt()).isEqualTo(T0);
    drainStitches();
    // errors of a failed run are cleared by the next good one
    claimOne(l("root"), T0);
    store.complete("engine", List.of(new RunOutcome.Failed(l("root"), "f", List.of(ProcessingError.general("x")))), T0);
    drainStitches();

    claimOne(l("root"), T0.plusSeconds(1));
    store.complete(
        "engine",
        List.of(
            ok(l("root"), "h2", List.of(second), List.of("url:two"),
                component("y", "url:root"), component("z", "url:root"))),
        T0.plusSeconds(1));
    RefreshState root = store.get(l("root")).orElseThrow();
    assertThat(root.resultHash()).isEqualTo("h2");
    assertThat(root.errors()).isEmpty();
    assertThat(root.refreshKeys()).containsExactly("url:two");
    assertThat(store.childrenOf(l("root"))).containsExactly(c("y"), c("z"));
    // x is an orphan now, not deleted
    assertThat(store.get(c("x"))).isPresent();
    assertThat(store.parentsOf(c("x"))).isEmpty();
    assertThat(store.refreshKeys(List.of("url:one"), T0)).isZero();
    // queued: the entity itself and x, whose orphan status changed; y did not change
    assertThat(queued()).containsExactlyInAnyOrder(l("root"), c("x"));
    List<StitchInput> in = store.claimStitches("s", 10, T0, LEASE);
    assertThat(in).filteredOn(s -> s.ref().equals(c("x"))).singleElement()
        .satisfies(s -> assertThat(s.orphan()).isTrue());
    assertThat(in).filteredOn(s -> s.ref().equals(l("root"))).singleElement()
        .satisfies(s -> {
          assertThat(s.relations()).containsExactly(second);
          assertThat(s.errors()).isEmpty();
        });
    store.finishStitches("s", in);

    // a parent emitting an orphan again makes it a non-orphan: queued again
    claimOne(l("root"), T0.plusSeconds(2));
    store.complete(
        "engine",
        List.of(ok(l("root"), "h3", List.of(second), List.of("url:two"),
            component("x", "url:root"), component("y", "url:root"), component("z", "url:root"))),
        T0.plusSeconds(2));
    assertThat(queued()).containsExactlyInAnyOrder(l("root"), c("x"));
  }

  @Test
  void processorCachesSurviveFiveFailedRuns() {
    full("p", component("a", "k"));
    ObjectNode cache = Json.object();
    cache.putObject("reader").put("etag", "e1");
    claimOne(c("a"), T0);
    Entity processed = entity("Component", "a", "k", "p");
    store.complete(
        "engine",
        List.of(new RunOutcome.Succeeded(c("a"), "h", processed, List.of(), List.of(), List.of(), cache)),
        T0);
    for (int i = 1; i <= 5; i++) {
      ClaimedEntity claimed = claimOne(c("a"), T0.plusSeconds(i));
      assertThat(claimed.cache()).isEqualTo(cache);
      store.complete("engine", List.of(new RunOutcome.Failed(c("a"), "f" + i, List.of())), T0);
    }
    assertThat(claimOne(c("a"), T0.plusSeconds(10)).cache().isEmpty()).isTrue();
  }

  // -------------------------------------------------------------------------------- stitching

  @Test
  void aRefRequeuedWhileClaimedIsStitchedAgainWithItsNewTicket() {
    full("p", component("a", "k"));
    process(c("a"), T0);
    List<StitchInput> first = store.claimStitches("s1", 10, T0, LEASE);
    assertThat(first).singleElement().satisfies(s -> assertThat(s.errors()).isEmpty());
    // leased: nobody else gets it
    assertThat(store.claimStitches("s2", 10, T0.plusSeconds(1), LEASE)).isEmpty();

    // the entity changes while s1 stitches it
    claimOne(c("a"), T0.plusSeconds(2));
    store.complete(
        "engine",
        List.of(new RunOutcome.Failed(c("a"), "f", List.of(ProcessingError.general("boom")))),
        T0.plusSeconds(2));
    assertThat(store.claimStitches("s2", 10, T0.plusSeconds(3), LEASE)).isEmpty();
    store.finishStitches("s1", first);
    assertThat(store.stitchQueueSize()).isEqualTo(1);

    List<StitchInput> second = store.claimStitches("s2", 10, T0.plusSeconds(4), LEASE);
    assertThat(second).singleElement().satisfies(s -> {
      assertThat(s.ticket()).isNotEqualTo(first.get(0).ticket());
      assertThat(s.errors()).extracting(ProcessingError::message).containsExactly("boom");
    });
    store.finishStitches("s2", second);
    assertThat(store.stitchQueueSize()).isZero();
  }

  @Test
  void anExpiredStitchLeaseCanBeClaimedAgain() {
    full("p", component("a", "k"), component("b", "k"));
    process(c("a"), T0);
    process(c("b"), T0);
    assertThat(store.stitchQueueSize()).isEqualTo(2);
    assertThat(store.claimStitches("s1", 1, T0, LEASE)).extracting(StitchInput::ref).containsExactly(c("a"));
    assertThat(store.claimStitches("s2", 5, T0.plusSeconds(30), LEASE))
        .extracting(StitchInput::ref).containsExactly(c("b"));
    assertThat(store.claimStitches("s3", 5, T0.plusSeconds(61), LEASE))
        .extracting(StitchInput::ref).containsExactly(c("a"));
    // a finished stitch with its ticket still current leaves the queue, whoever holds the lease
    List<StitchInput> s4 = store.claimStitches("s4", 5, T0.plusSeconds(200), LEASE);
    store.finishStitches("s4", s4);
    assertThat(store.stitchQueueSize()).isZero();
  }

  @Test
  void aNeverProcessedRowIsNotQueuedAndStitchesWithoutProcessedData() {
    full("p", component("a", "k"));
    assertThat(store.stitchQueueSize()).isZero();
    claimOne(c("a"), T0);
    store.complete(
        "engine", List.of(new RunOutcome.Failed(c("a"), "f", List.of(ProcessingError.general("no")))), T0);
    assertThat(store.claimStitches("s", 10, T0, LEASE)).singleElement().satisfies(s -> {
      assertThat(s.exists()).isTrue();
      assertThat(s.processed()).isNull();
      assertThat(s.errors()).hasSize(1);
    });
  }

  // -------------------------------------------------------------------------------- refreshes

  @Test
  void refreshNowSchedulesTheRefAndItsAncestors() {
    full("p", location("root", "url:root"), component("bystander", "url:b"));
    process(l("root"), T0, component("mid", "url:root"));
    process(c("mid"), T0, component("leaf", "url:mid"));
    claimAll(T0);
    assertThat(store.dueCount(T0.plusSeconds(1))).isZero();
    Instant later = T0.plusSeconds(30);
    assertThat(store.refreshNow(c("leaf"), later)).isTrue();
    assertThat(store.get(c("leaf")).orElseThrow().nextUpdateAt()).isEqualTo(later);
    assertThat(store.get(c("mid")).orElseThrow().nextUpdateAt()).isEqualTo(later);
    assertThat(store.get(l("root")).orElseThrow().nextUpdateAt()).isEqualTo(later);
    assertThat(store.get(c("bystander")).orElseThrow().nextUpdateAt()).isEqualTo(T0.plus(INTERVAL));
    assertThat(store.dueCount(later)).isEqualTo(3);
    assertThat(store.refreshNow(c("unknown"), later)).isFalse();
  }

  @Test
  void refreshKeysScheduleTheRowsHoldingThem() {
    full("p", location("a", "url:a"), location("b", "url:b"), location("c", "url:c"));
    String longKey = "url:https://example.com/" + "x".repeat(400);
    for (String n : List.of("a", "b", "c")) {
      claimOne(l(n), T0);
    }
    store.complete(
        "engine",
        List.of(
            ok(l("a"), "h", List.of(), List.of("url:shared", longKey)),
            ok(l("b"), "h", List.of(), List.of("url:shared")),
            ok(l("c"), "h", List.of(), List.of("url:other"))),
        T0);
    RefreshState a = store.get(l("a")).orElseThrow();
    assertThat(a.refreshKeys()).hasSize(2).contains("url:shared");
    assertThat(a.refreshKeys()).allSatisfy(k -> assertThat(k.length()).isLessThanOrEqualTo(255));
    Instant later = T0.plusSeconds(5);
    assertThat(store.refreshKeys(List.of("url:shared"), later)).isEqualTo(2);
    assertThat(store.get(l("b")).orElseThrow().nextUpdateAt()).isEqualTo(later);
    assertThat(store.get(l("c")).orElseThrow().nextUpdateAt()).isNotEqualTo(later);
    assertThat(store.refreshKeys(List.of(longKey), later.plusSeconds(1))).isEqualTo(1);
    assertThat(store.get(l("a")).orElseThrow().nextUpdateAt()).isEqualTo(later.plusSeconds(1));
    assertThat(store.refreshKeys(List.of("nope"), later)).isZero();
    assertThat(store.refreshKeys(List.of(), later)).isZero();
  }

  @Test
  void refreshKeyPrefixesScheduleEveryRowReadUnderThem() {
    full("p", location("a", "url:a"), location("b", "url:b"), location("c", "url:c"),
        location("d", "url:d"));
    String longKey = "url:https://github.com/Org/Repo/blob/main/" + "x".repeat(400);
    for (String n : List.of("a", "b", "c", "d")) {
      claimOne(l(n), T0);
    }
    store.complete(
        "engine",
        List.of(
            ok(l("a"), "h", List.of(), List.of("url:https://github.com/Org/Repo/blob/main/catalog-info.yaml")),
            ok(l("b"), "h", List.of(), List.of(longKey)),
            ok(l("c"), "h", List.of(), List.of("url:https://github.com/org/repo-two/blob/main/x.yaml")),
            ok(l("d"), "h", List.of(), List.of("url:https://github.com/org/repo_blob/main/x.yaml"))),
        T0);
    Instant later = T0.plusSeconds(5);
    // case-insensitive, long (hashed) keys matched by their clear start, '_' and '%' literal
    assertThat(store.refreshKeyPrefixes(List.of("url:https://github.com/org/repo/blob/main/"), later))
        .isEqualTo(2);
    assertThat(store.get(l("a")).orElseThrow().nextUpdateAt()).isEqualTo(later);
    assertThat(store.get(l("b")).orElseThrow().nextUpdateAt()).isEqualTo(later);
    assertThat(store.get(l("c")).orElseThrow().nextUpdateAt()).isNotEqualTo(later);
    assertThat(store.get(l("d")).orElseThrow().nextUpdateAt()).isNotEqualTo(later);
    assertThat(store.refreshKeyPrefixes(List.of("url:https://github.com/org/repo_"), later)).isEqualTo(1);
    assertThat(store.refreshKeyPrefixes(List.of("url:https://github.com/org/repo%"), later)).isZero();
    assertThat(store.refreshKeyPrefixes(List.of("url:https://gitlab.com/"), later)).isZero();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> store.refreshKeyPrefixes(List.of(" "), later))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ------------------------------------------------------------------------- orphans, delete

  @Test
  void deleteOrphansCascadesOverRounds() {
    full("p", location("root", "url:root"));
    process(l("root"), T0, component("x", "url:root"));
    process(c("x"), T0, component("z", "url:x"));
    process(l("root"), T0.plusSeconds(1));
    assertThat(store.parentsOf(c("x"))).isEmpty();
    assertThat(store.get(c("x"))).isPresent();
    drainStitches();

    List<EntityRef> firstRound = store.deleteOrphans(100, 1);
    assertThat(firstRound).containsExactly(c("x"));
    // z lost its last parent: an orphan now, queued so that its final entity says so
    assertThat(queued()).containsExactlyInAnyOrder(c("x"), c("z"));
    assertThat(store.get(c("z"))).isPresent();

    full("p", location("root", "url:root"));
    process(l("root"), T0.plusSeconds(2), component("x", "url:root"));
    process(c("x"), T0.plusSeconds(2), component("z", "url:x"));
    process(l("root"), T0.plusSeconds(3));
    assertThat(store.deleteOrphans(100, 10)).containsExactly(c("x"), c("z"));
    assertThat(store.size()).isEqualTo(1);
    assertThat(store.deleteOrphans(100, 10)).isEmpty();
  }

  @Test
  void deleteOrphansHonoursItsLimit() {
    full("p", location("root", "url:root"));
    process(l("root"), T0, component("a", "k"), component("b", "k"), component("c", "k"));
    process(l("root"), T0.plusSeconds(1));
    assertThat(store.deleteOrphans(2, 1)).hasSize(2);
    assertThat(store.deleteOrphans(2, 1)).hasSize(1);
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void deletingAnEntityMakesItsParentsRunAgain() {
    full("p", location("root", "url:root"));
    process(l("root"), T0, component("x", "url:root"));
    process(c("x"), T0, component("z", "url:x"));
    claimAll(T0.plusSeconds(1));
    store.complete("engine", List.of(new RunOutcome.Unchanged(c("z"))), T0);
    drainStitches();

    Instant now = T0.plusSeconds(10);
    assertThat(store.deleteEntity(c("x"), now)).isTrue();
    assertThat(store.get(c("x"))).isEmpty();
    RefreshState root = store.get(l("root")).orElseThrow();
    assertThat(root.resultHash()).isEqualTo("child-was-deleted");
    assertThat(root.nextUpdateAt()).isEqualTo(now);
    assertThat(store.childrenOf(l("root"))).isEmpty();
    assertThat(store.parentsOf(c("z"))).isEmpty();
    assertThat(queued()).containsExactlyInAnyOrder(c("x"), c("z"));
    assertThat(store.deleteEntity(c("x"), now)).isFalse();

    // the parent still emits x: it comes back
    process(l("root"), now, component("x", "url:root"));
    assertThat(store.get(c("x"))).isPresent();
    assertThat(store.childrenOf(l("root"))).containsExactly(c("x"));
  }

  @Test
  void deletingAProvidersEntityDropsItsSourceReference() {
    full("p", component("a", "k"));
    assertThat(store.deleteEntity(c("a"), T0)).isTrue();
    assertThat(store.sourceKeys()).isEmpty();
    // the provider's next full mutation brings it back
    assertThat(full("p", component("a", "k")).conflicts()).isEmpty();
    assertThat(store.get(c("a"))).isPresent();
  }

  // -------------------------------------------------------------------------------- locations

  @Test
  void registeredLocations() {
    RegisteredLocation a = store.addLocation("url", "https://x/a.yaml");
    RegisteredLocation b = store.addLocation("url", "https://x/b.yaml");
    RegisteredLocation f = store.addLocation("file", "https://x/a.yaml");
    assertThat(a.id()).isNotEqualTo(b.id());
    assertThat(store.locations()).containsExactly(a, b, f);
    assertThat(store.location(b.id())).contains(b);
    assertThat(store.location("nope")).isEmpty();
    assertThatThrownBy(() -> store.addLocation("url", "https://x/a.yaml"))
        .isInstanceOfSatisfying(
            DuplicateLocationException.class, e -> assertThat(e.existing()).isEqualTo(a));
    assertThat(store.removeLocation(a.id())).isTrue();
    assertThat(store.removeLocation(a.id())).isFalse();
    assertThat(store.locations()).containsExactly(b, f);
    assertThat(store.addLocation("url", "https://x/a.yaml").id()).isNotEqualTo(a.id());
  }

  // ---------------------------------------------------------------------------------- volume

  @Test
  void aLargeBatchGoesThroughClaimAndComplete() {
    int n = 3_000;
    List<DeferredEntity> locations = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      locations.add(location("loc" + i, "url:loc" + i));
    }
    store.applyMutation("p", EntityMutation.full(locations), T0);
    List<ClaimedEntity> locs = claimAll(T0);
    List<RunOutcome> outs = new ArrayList<>();
    for (ClaimedEntity loc : locs) {
      List<DeferredEntity> kids = new ArrayList<>();
      for (int i = 0; i < n / 10; i++) {
        kids.add(component(loc.ref().name() + "-c" + i, "url:" + loc.ref().name()));
      }
      outs.add(ok(loc.ref(), "h", List.of(), List.of("url:" + loc.ref().name()),
          kids.toArray(DeferredEntity[]::new)));
    }
    assertThat(store.complete("engine", outs, T0).conflicts()).isEmpty();
    assertThat(store.size()).isEqualTo(n + 10);
    List<ClaimedEntity> kids = store.claim("engine", n, T0, LEASE, EVERY_100S);
    assertThat(kids).hasSize(n);
    List<RunOutcome> done = new ArrayList<>();
    for (ClaimedEntity k : kids) {
      done.add(
          new RunOutcome.Succeeded(
              k.ref(), "h", k.unprocessed(),
              List.of(new RelationEdge(k.ref(), "ownedBy", ref("group:default/team"))),
              List.of(), List.of(), Json.object()));
    }
    assertThat(store.complete("engine", done, T0).skipped()).isEmpty();
    assertThat(store.stitchQueueSize()).isEqualTo(n + 10);
    assertThat(full("p").deleted()).hasSize(n + 10);
    assertThat(store.size()).isZero();
  }

  // ------------------------------------------------------------------- unprocessed entities

  @Test
  void unprocessedRowsAreFailedOrPendingAndSucceededOnesAreNeither() {
    full("p", component("ok", "url:a"), component("bad", "url:a"), component("new", "url:a"),
        component("later", "url:a"));
    process(c("ok"), T0);
    claimOne(c("bad"), T0);
    store.complete("engine", List.of(new RunOutcome.Failed(c("bad"), "f",
        List.of(ProcessingError.input("spec.owner is missing")))), T0);

    List<RefreshState> failed = store.unprocessed(ProcessingStateStore.Unprocessed.FAILED, 100);
    assertThat(failed).extracting(RefreshState::ref).containsExactly(c("bad"));
    assertThat(failed.get(0).errors()).extracting(ProcessingError::message)
        .containsExactly("spec.owner is missing");
    assertThat(failed.get(0).unprocessed().ref().name()).isEqualTo("bad");
    assertThat(failed.get(0).locationKey()).isEqualTo("url:a");
    assertThat(store.unprocessed(ProcessingStateStore.Unprocessed.PENDING, 100))
        .extracting(RefreshState::ref).containsExactly(c("later"), c("new"));
    assertThat(store.unprocessed(ProcessingStateStore.Unprocessed.PENDING, 1))
        .extracting(RefreshState::ref).containsExactly(c("later"));
    assertThatThrownBy(() -> store.unprocessed(ProcessingStateStore.Unprocessed.PENDING, 0))
        .isInstanceOf(IllegalArgumentException.class);

    // a later success takes the row off the failed list
    process(c("bad"), T0.plusSeconds(1));
    assertThat(store.unprocessed(ProcessingStateStore.Unprocessed.FAILED, 100)).isEmpty();
  }

  @Test
  void lastDiscoveryIsWhenAProviderOrParentLastWroteTheEntity() {
    full("p", component("a", "url:a"));
    assertThat(store.get(c("a")).orElseThrow().lastDiscoveryAt()).isEqualTo(T0);
    // the same entity again changes nothing
    store.applyMutation("p", EntityMutation.full(List.of(component("a", "url:a"))),
        T0.plusSeconds(5));
    assertThat(store.get(c("a")).orElseThrow().lastDiscoveryAt()).isEqualTo(T0);
    store.applyMutation("p", EntityMutation.full(List.of(component("a", "url:a", "changed"))),
        T0.plusSeconds(7));
    assertThat(store.get(c("a")).orElseThrow().lastDiscoveryAt()).isEqualTo(T0.plusSeconds(7));
    // a child a parent emits
    full("p2", location("root", "url:root"));
    process(l("root"), T0.plusSeconds(9), component("kid", "url:root"));
    assertThat(store.get(c("kid")).orElseThrow().lastDiscoveryAt()).isEqualTo(T0.plusSeconds(9));
    assertThat(store.unprocessed(ProcessingStateStore.Unprocessed.PENDING, 10))
        .filteredOn(r -> r.ref().equals(c("kid"))).singleElement()
        .extracting(RefreshState::lastDiscoveryAt).isEqualTo(T0.plusSeconds(9));
  }

  @Test
  void aRowIsFoundByItsEntityId() {
    full("p", component("a", "url:a"), component("b", "url:b"));
    RefreshState b = store.get(c("b")).orElseThrow();
    assertThat(store.getById(b.entityId()).orElseThrow().ref()).isEqualTo(c("b"));
    assertThat(store.getById("no-such-id")).isEmpty();
  }
}
