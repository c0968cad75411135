package dev.greenroom.catalog.processing.state.internal;

import static dev.greenroom.catalog.processing.state.internal.LocationKeyRuleTest.component;
import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.EntityMutation;
import dev.greenroom.catalog.processing.ProcessingError;
import dev.greenroom.catalog.processing.state.RunOutcome;
import dev.greenroom.catalog.processing.state.internal.LocationKeyRuleTest.Row;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The decisions both processing state stores execute, without a store. */
class StatePlannerTest {

  static EntityRef c(String name) {
    return EntityRef.parse("component:default/" + name);
  }

  // ------------------------------------------------------------------------------- mutations

  @Test
  void aFullMutationRemovesWhatTheSourceNoLongerLists() {
    StatePlanner.MutationPlan plan =
        StatePlanner.planMutation(
            EntityMutation.full(List.of(component("a", "url:x", ""), component("b", "url:x", ""))),
            Set.of(c("a"), c("gone")),
            r -> new Row("h", "url:x"));
    assertThat(plan.removals()).containsExactly(c("gone"));
    assertThat(plan.emitted()).extracting(d -> d.entity().ref()).containsExactly(c("a"), c("b"));
    // a is held already: no second reference; b is new
    assertThat(plan.gainsReference(c("a"))).isFalse();
    assertThat(plan.gainsReference(c("b"))).isTrue();
  }

  @Test
  void aDeltaRemovalWithAKeyRemovesOnlyARowHeldUnderThatKey() {
    Map<EntityRef, Row> rows = Map.of(c("a"), new Row("h", "url:x"), c("b"), new Row("h", "url:x"));
    StatePlanner.MutationPlan plan =
        StatePlanner.planMutation(
            EntityMutation.delta(
                List.of(),
                List.of(
                    new EntityMutation.Removal(c("a"), "url:other"),
                    new EntityMutation.Removal(c("b"), "url:x"),
                    new EntityMutation.Removal(c("notmine"), null))),
            Set.of(c("a"), c("b")),
            rows::get);
    assertThat(plan.removals()).containsExactly(c("b"));
  }

  @Test
  void aDeltaRemovalWithoutKeyRemovesWhateverTheSourceHolds() {
    StatePlanner.MutationPlan plan =
        StatePlanner.planMutation(
            EntityMutation.delta(List.of(), List.of(new EntityMutation.Removal(c("a"), null))),
            Set.of(c("a")),
            r -> new Row("h", "url:x"));
    assertThat(plan.removals()).containsExactly(c("a"));
  }

  @Test
  void aRefTheSourceHoldsUnderAnotherKeyIsRemovedAndAddedAfresh() {
    StatePlanner.MutationPlan plan =
        StatePlanner.planMutation(
            EntityMutation.full(List.of(component("a", "url:new", ""))),
            Set.of(c("a")),
            r -> new Row("h", "url:old"));
    assertThat(plan.removals()).containsExactly(c("a"));
    assertThat(plan.gainsReference(c("a"))).isTrue();
  }

  @Test
  void theNamedRefsOfADeltaAreItsRemovalsAndAdditions() {
    assertThat(
            StatePlanner.named(
                EntityMutation.delta(
                    List.of(component("a", "url:x", "")),
                    List.of(new EntityMutation.Removal(c("b"), null)))))
        .containsExactlyInAnyOrder(c("a"), c("b"));
  }

  // ------------------------------------------------------------------------------ completion

  @Test
  void onlyOutcomesWhoseLeaseTheEngineHoldsAreAppliedOnce() {
    Map<EntityRef, String> owners = new HashMap<>();
    owners.put(c("mine"), "e1");
    owners.put(c("theirs"), "e2");
    List<RunOutcome> outcomes =
        List.of(
            new RunOutcome.Unchanged(c("mine")),
            new RunOutcome.Unchanged(c("theirs")),
            new RunOutcome.Failed(c("gone"), "h", List.of(ProcessingError.input("x"))),
            new RunOutcome.Unchanged(c("mine")));
    StatePlanner.Admission a = StatePlanner.admit("e1", outcomes, owners::get);
    assertThat(a.applied()).containsExactly(outcomes.get(0));
    assertThat(a.skipped()).containsExactly(c("theirs"), c("gone"), c("mine"));
  }

  @Test
  void aCacheSurvivesFiveFailedRunsThenIsDropped() {
    int ttl = StateSupport.CACHE_TTL;
    List<Integer> seen = new ArrayList<>();
    while (ttl > 0) {
      ttl = StatePlanner.cacheTtlAfterFailure(true, ttl);
      seen.add(ttl);
    }
    assertThat(seen).containsExactly(4, 3, 2, 1, 0);
    assertThat(StatePlanner.cacheTtlAfterFailure(false, 5)).isZero();
  }

  @Test
  void childReferencesAreReplacedByTheAcceptedChildren() {
    StatePlanner.ChildReferences change =
        StatePlanner.replaceChildren(c("p"), List.of(c("a"), c("b")), List.of(c("b"), c("c"), c("c")));
    assertThat(change.removed()).containsExactly(c("a"));
    assertThat(change.added()).containsExactly(c("c"));
  }

  @Test
  void orphanStatusFlipsOnlyAcrossZero() {
    assertThat(StatePlanner.orphanFlipped(0, 1)).isTrue();
    assertThat(StatePlanner.orphanFlipped(2, 0)).isTrue();
    assertThat(StatePlanner.orphanFlipped(1, 2)).isFalse();
    assertThat(StatePlanner.orphanFlipped(0, 0)).isFalse();
  }

  // ------------------------------------------------------------------------------ refreshNow

  @Test
  void ancestorsStopAfterThirtyTwoLevelsAndSurviveCycles() {
    // a chain n0 <- n1 <- ... <- n40 (n(i+1) is the parent of n(i)), and a cycle n40 -> n0
    Map<EntityRef, EntityRef> parent = new HashMap<>();
    for (int i = 0; i < 40; i++) {
      parent.put(c("n" + i), c("n" + (i + 1)));
    }
    parent.put(c("n40"), c("n0"));
    List<Integer> levels = new ArrayList<>();
    Set<EntityRef> all =
        StatePlanner.ancestors(
            c("n0"),
            level -> {
              levels.add(level.size());
              List<EntityRef> out = new ArrayList<>();
              level.forEach(r -> out.add(parent.get(r)));
              return out;
            });
    assertThat(all).hasSize(1 + StateSupport.MAX_ANCESTOR_DEPTH);
    assertThat(all).contains(c("n32")).doesNotContain(c("n33"));
    assertThat(levels).hasSize(StateSupport.MAX_ANCESTOR_DEPTH);

    Set<EntityRef> loop =
        StatePlanner.ancestors(c("x"), level -> level.contains(c("x")) ? List.of(c("y")) : List.of(c("x")));
    assertThat(loop).containsExactly(c("x"), c("y"));
  }

  // -------------------------------------------------------------------------------- deletion

  /** Eager deletion over a graph given as parent -> children, with the sources' targets. */
  static Set<EntityRef> eager(
      Map<EntityRef, Set<EntityRef>> children, Set<EntityRef> fromSource, EntityRef... roots) {
    return StatePlanner.eagerDeletion(
        List.of(roots),
        level -> {
          Map<EntityRef, Set<EntityRef>> m = new HashMap<>();
          level.forEach(r -> m.put(r, children.getOrDefault(r, Set.of())));
          return m;
        },
        all -> {
          Map<EntityRef, StatePlanner.Incoming> m = new HashMap<>();
          for (EntityRef r : all) {
            Set<EntityRef> ps = new HashSet<>();
            children.forEach((p, cs) -> {
              if (cs.contains(r)) {
                ps.add(p);
              }
            });
            m.put(r, new StatePlanner.Incoming(fromSource.contains(r), ps));
          }
          return m;
        });
  }

  @Test
  void eagerDeletionTakesTheSubtreeButWhatOthersStillReference() {
    Map<EntityRef, Set<EntityRef>> children =
        Map.of(
            c("root"), Set.of(c("a"), c("b")),
            c("a"), Set.of(c("a1")),
            c("b"), Set.of(c("b1")),
            c("other"), Set.of(c("b")));
    // b is also a child of "other", which is not deleted: b and b1 stay
    assertThat(eager(children, Set.of(), c("root")))
        .containsExactlyInAnyOrder(c("root"), c("a"), c("a1"));
    // a1 is also emitted by a provider: it stays
    assertThat(eager(children, Set.of(c("a1")), c("root")))
        .containsExactlyInAnyOrder(c("root"), c("a"));
    // a root still referenced elsewhere stays, with everything below it
    assertThat(eager(children, Set.of(c("root")), c("root"))).isEmpty();
  }

  @Test
  void eagerDeletionOfADiamondDeletesTheSharedChildOnce() {
    Map<EntityRef, Set<EntityRef>> children =
        Map.of(c("r"), Set.of(c("l"), c("m")), c("l"), Set.of(c("x")), c("m"), Set.of(c("x")));
    assertThat(eager(children, Set.of(), c("r")))
        .containsExactlyInAnyOrder(c("r"), c("l"), c("m"), c("x"));
  }
}
