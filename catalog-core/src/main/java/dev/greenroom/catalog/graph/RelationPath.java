package dev.greenroom.catalog.graph;

import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.RelationEdge;
import java.util.List;

/**
 * A path between two entities.
 *
 * @param nodes the refs from start to end, both included
 * @param edges the edges between consecutive nodes, as stored; when the path was allowed to follow
 *     edges backwards, an edge may point from {@code nodes[i+1]} to {@code nodes[i]}
 */
public record RelationPath(List<EntityRef> nodes, List<RelationEdge> edges) {
  /** Copies the lists. */
  public RelationPath {
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
  }

  /** The number of edges. */
  public int length() {
    return edges.size();
  }
}
