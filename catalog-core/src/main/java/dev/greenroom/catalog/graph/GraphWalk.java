package dev.greenroom.catalog.graph;

import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.RelationEdge;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.jgrapht.Graph;
import org.jgrapht.graph.DirectedPseudograph;

/**
 * The part of the catalog graph a breadth-first walk visited.
 *
 * @param root where the walk started
 * @param depths every visited ref (the root at 0) with its distance from the root, in visiting
 *     order; refs need not be stored entities (dangling targets are leaves)
 * @param edges the followed edges between visited refs, as stored ({@code source --type--> target}),
 *     including edges back to refs visited earlier
 * @param truncated true when the depth or node limit left edges unfollowed
 */
public record GraphWalk(
    EntityRef root, Map<EntityRef, Integer> depths, List<RelationEdge> edges, boolean truncated) {

  /** Copies the arguments, keeping the visiting order. */
  public GraphWalk {
    depths = Collections.unmodifiableMap(new LinkedHashMap<>(depths));
    edges = List.copyOf(edges);
  }

  /** The visited refs in visiting order, the root first. */
  public List<EntityRef> nodes() {
    return List.copyOf(depths.keySet());
  }

  /** The visited refs except the root. */
  public List<EntityRef> reached() {
    List<EntityRef> nodes = nodes();
    return nodes.subList(1, nodes.size());
  }

  /** The distance of {@code ref} from the root, if visited. */
  public OptionalInt depthOf(EntityRef ref) {
    Integer d = depths.get(ref);
    return d == null ? OptionalInt.empty() : OptionalInt.of(d);
  }

  /** A new mutable jgrapht graph of the walk: visited refs and followed edges (loops allowed). */
  public Graph<EntityRef, RelationEdge> toGraph() {
    Graph<EntityRef, RelationEdge> g = new DirectedPseudograph<>(null, null, false);
    depths.keySet().forEach(g::addVertex);
    for (RelationEdge e : edges) {
      g.addEdge(e.source(), e.target(), e);
    }
    return g;
  }
}
