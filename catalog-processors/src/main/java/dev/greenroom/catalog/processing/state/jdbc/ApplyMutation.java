package dev.greenroom.catalog.processing.state.jdbc;

import static dev.greenroom.catalog.processing.state.jdbc.StateSql.key;

import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.EntityMutation;
import dev.greenroom.catalog.processing.state.Conflict;
import dev.greenroom.catalog.processing.state.MutationOutcome;
import dev.greenroom.catalog.processing.state.internal.LocationKeyRule;
import dev.greenroom.catalog.processing.state.internal.StatePlanner;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * A provider's mutation under one source key, in the writers' transaction, as {@link
 * StatePlanner#planMutation} plans it: read the source's references (all of them for a full
 * mutation, the named ones for a delta) and the rows named; remove the planned references and
 * delete eagerly what only they kept alive; write the entities by the location-key rule in
 * emission order; reference the accepted ones that gain a reference; queue for stitching the
 * deleted rows and the rows that stopped being orphans.
 */
final class ApplyMutation {
  private ApplyMutation() {}

  static MutationOutcome run(
      Handle h, boolean postgres, String sourceKey, EntityMutation mutation, long at) {
    References references = new References(h);
    Set<String> named = StateSql.keys(StatePlanner.named(mutation));
    Set<String> currentKeys =
        mutation instanceof EntityMutation.Full
            ? references.ofSource(sourceKey)
            : references.ofSource(sourceKey, named);
    Set<EntityRef> current = new HashSet<>();
    currentKeys.forEach(r -> current.add(EntityRef.parse(r)));
    Map<String, UnprocessedWrites.Head> heads = UnprocessedWrites.load(h, named);
    StatePlanner.MutationPlan plan =
        StatePlanner.planMutation(mutation, current, r -> heads.get(key(r)));

    StitchQueue stitches = new StitchQueue(h, postgres);
    Set<String> removals = StateSql.keys(plan.removals());
    Set<String> deleted = Set.of();
    if (!removals.isEmpty()) {
      references.removeFromSource(sourceKey, removals);
      deleted = new DeleteRows(h, stitches).eager(removals);
      deleted.forEach(heads::remove);
    }
    UnprocessedWrites writes = new UnprocessedWrites(heads, at);
    Set<String> referenced = new LinkedHashSet<>();
    List<Conflict> conflicts =
        LocationKeyRule.writeAll(
            plan.emitted(),
            writes,
            ref -> {
              if (plan.gainsReference(ref)) {
                referenced.add(key(ref));
              }
            });
    writes.flush(h);
    // rows that had no reference at all and get one now stop being orphans
    List<String> adopted = new ArrayList<>();
    for (String r : referenced) {
      if (!writes.inserted(r)) {
        adopted.add(r);
      }
    }
    Set<String> hadReferences = references.referencedAmong(adopted);
    for (String r : adopted) {
      if (StatePlanner.orphanFlipped(hadReferences.contains(r) ? 1 : 0, 1)) {
        stitches.add(r);
      }
    }
    references.addFromSource(sourceKey, referenced);
    stitches.flush();
    List<EntityRef> gone = new ArrayList<>();
    for (String d : deleted) {
      if (!writes.heads().containsKey(d)) {
        gone.add(EntityRef.parse(d));
      }
    }
    gone.sort(null);
    return new MutationOutcome(conflicts, gone);
  }
}
