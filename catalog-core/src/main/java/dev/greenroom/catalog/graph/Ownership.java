package dev.greenroom.catalog.graph;

import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.RelationEdge;
import java.util.List;
import java.util.TreeSet;

/**
 * What a group owns, rolled up through its descendant groups (and, if asked, their members).
 *
 * @param group the group asked about
 * @param groups the group and its descendants via {@code parentOf}, in breadth-first order
 * @param members the users that are members ({@code hasMember}) of those groups, when asked for;
 *     else empty
 * @param ownerships the {@code ownerOf} edges from the groups (and members) to what they own
 * @param truncated true when the walk of the hierarchy hit a limit
 */
public record Ownership(
    EntityRef group,
    List<EntityRef> groups,
    List<EntityRef> members,
    List<RelationEdge> ownerships,
    boolean truncated) {

  /** Copies the lists. */
  public Ownership {
    groups = List.copyOf(groups);
    members = List.copyOf(members);
    ownerships = List.copyOf(ownerships);
  }

  /** Every owned ref once, in canonical order. */
  public List<EntityRef> owned() {
    TreeSet<EntityRef> out = new TreeSet<>();
    ownerships.forEach(e -> out.add(e.target()));
    return List.copyOf(out);
  }
}
