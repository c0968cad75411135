package dev.greenroom.catalog.graph;

import static dev.greenroom.catalog.model.RelationTypes.API_CONSUMED_BY;
import static dev.greenroom.catalog.model.RelationTypes.API_PROVIDED_BY;
import static dev.greenroom.catalog.model.RelationTypes.CONSUMES_API;
import static dev.greenroom.catalog.model.RelationTypes.DEPENDENCY_OF;
import static dev.greenroom.catalog.model.RelationTypes.DEPENDS_ON;
import static dev.greenroom.catalog.model.RelationTypes.HAS_MEMBER;
import static dev.greenroom.catalog.model.RelationTypes.OWNER_OF;
import static dev.greenroom.catalog.model.RelationTypes.PARENT_OF;
import static dev.greenroom.catalog.model.RelationTypes.PROVIDES_API;

import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.RelationEdge;
import dev.greenroom.catalog.store.EntityStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jgrapht.Graph;
import org.jgrapht.GraphPath;
import org.jgrapht.alg.cycle.CycleDetector;
import org.jgrapht.alg.cycle.JohnsonSimpleCycles;
import org.jgrapht.alg.shortestpath.BFSShortestPath;
import org.jgrapht.graph.AsUndirectedGraph;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jspecify.annotations.Nullable;

/**
 * Graph walks over the stitched relations of any {@link EntityStore}.
 *
 * <p>Walks are breadth-first and read the store one level at a time ({@link
 * EntityStore#relationsFrom} / {@link EntityStore#relationsTo} with the whole frontier), so a walk
 * of depth {@code d} costs {@code d + 1} store calls. Every walk stops at {@link #maxDepth()} and
 * {@link #maxNodes()} and then reports itself {@linkplain GraphWalk#truncated() truncated}. Because
 * stitching stores every relation on both ends (forward and inverse), following inverse types
 * forwards is the same as following forward types backwards.
 *
 * <p>Default relation types:
 *
 * <ul>
 *   <li>{@link #DEPENDENCY_TYPES} ({@code dependsOn}, {@code consumesApi}, {@code apiProvidedBy}):
 *       what an entity needs to run, through the APIs it consumes to the components providing them;
 *   <li>{@link #DEPENDENT_TYPES} ({@code dependencyOf}, {@code apiConsumedBy}, {@code
 *       providesApi}): the mirror image, who breaks when the entity breaks;
 *   <li>ownership follows {@code parentOf} down the group tree, {@code hasMember} to users and
 *       {@code ownerOf} to owned entities.
 * </ul>
 *
 * <p>Instances are immutable and thread-safe; the store is read, never written.
 */
public final class CatalogGraph {

  /** Relation types that {@link #dependencies(EntityRef)} follows. */
  public static final Set<String> DEPENDENCY_TYPES = Set.of(DEPENDS_ON, CONSUMES_API, API_PROVIDED_BY);

  /** Relation types that {@link #dependents(EntityRef)} follows. */
  public static final Set<String> DEPENDENT_TYPES = Set.of(DEPENDENCY_OF, API_CONSUMED_BY, PROVIDES_API);

  /** Default {@link #maxDepth()}. */
  public static final int DEFAULT_MAX_DEPTH = 32;

  /** Default {@link #maxNodes()}. */
  public static final int DEFAULT_MAX_NODES = 10_000;

  /** Most cycles {@link #cycles} reports unless told otherwise. */
  public static final int DEFAULT_MAX_CYCLES = 100;

  /** Which way a walk follows edges. */
  public enum Direction {
    /** From source to target ({@link EntityStore#relationsFrom}). */
    OUTGOING,
    /** From target to source ({@link EntityStore#relationsTo}). */
    INCOMING,
    /** Both ways, as if the edges were undirected. */
    BOTH
  }

  private final EntityStore store;
  private final int maxDepth;
  private final int maxNodes;

  private CatalogGraph(EntityStore store, int maxDepth, int maxNodes) {
    this.store = Objects.requireNonNull(store, "store");
    if (maxDepth < 0 || maxNodes < 1) {
      throw new IllegalArgumentException("maxDepth must be >= 0 and maxNodes >= 1");
    }
    this.maxDepth = maxDepth;
    this.maxNodes = maxNodes;
  }

  /** Walks over {@code store} with the default limits. */
  public static CatalogGraph over(EntityStore store) {
    return new CatalogGraph(store, DEFAULT_MAX_DEPTH, DEFAULT_MAX_NODES);
  }

  /**
   * A copy with other limits.
   *
   * @param maxDepth the farthest distance from the root a walk visits (0 visits the root only)
   * @param maxNodes the most refs a walk visits, the root included
   */
  public CatalogGraph withLimits(int maxDepth, int maxNodes) {
    return new CatalogGraph(store, maxDepth, maxNodes);
  }

  /** The farthest distance from the root a walk visits. */
  public int maxDepth() {
    return maxDepth;
  }

  /** The most refs a walk visits, the root included. */
  public int maxNodes() {
    return maxNodes;
  }

  /** The transitive dependencies of {@code root}, following {@link #DEPENDENCY_TYPES}. */
  public GraphWalk dependencies(EntityRef root) {
    return walk(root, DEPENDENCY_TYPES, Direction.OUTGOING);
  }

  /** The transitive dependents of {@code root}, following {@link #DEPENDENT_TYPES}. */
  public GraphWalk dependents(EntityRef root) {
    return walk(root, DEPENDENT_TYPES, Direction.OUTGOING);
  }

  /**
   * A breadth-first walk from {@code root}.
   *
   * @param types the relation types to follow; empty follows every type
   * @param direction which way to follow them
   */
  public GraphWalk walk(EntityRef root, Set<String> types, Direction direction) {
    return walk(root, types, direction, null);
  }

  private GraphWalk walk(
      EntityRef root, Set<String> types, Direction direction, @Nullable EntityRef stopAt) {
    Map<EntityRef, Integer> depths = new LinkedHashMap<>();
    Set<RelationEdge> edges = new LinkedHashSet<>();
    boolean truncated = false;
    depths.put(root, 0);
    List<EntityRef> frontier = List.of(root);
    for (int depth = 0; !frontier.isEmpty(); depth++) {
      if (stopAt != null && depths.containsKey(stopAt)) {
        break;
      }
      List<EntityRef> next = new ArrayList<>();
      for (Step step : steps(frontier, types, direction)) {
        if (depths.containsKey(step.to())) {
          edges.add(step.edge());
        } else if (depth < maxDepth && depths.size() < maxNodes) {
          depths.put(step.to(), depth + 1);
          edges.add(step.edge());
          next.add(step.to());
        } else {
          truncated = true;
        }
      }
      frontier = next;
    }
    return new GraphWalk(root, depths, new ArrayList<>(edges), truncated);
  }

  /** One edge seen from the side a walk reached first. */
  private record Step(EntityRef to, RelationEdge edge) {}

  private List<Step> steps(Collection<EntityRef> frontier, Set<String> types, Direction direction) {
    List<Step> out = new ArrayList<>();
    if (direction != Direction.INCOMING) {
      for (RelationEdge e : store.relationsFrom(frontier)) {
        if (types.isEmpty() || types.contains(e.type())) {
          out.add(new Step(e.target(), e));
        }
      }
    }
    if (direction != Direction.OUTGOING) {
      for (RelationEdge e : store.relationsTo(frontier)) {
        if (types.isEmpty() || types.contains(e.type())) {
          out.add(new Step(e.source(), e));
        }
      }
    }
    return out;
  }

  /**
   * Everything {@code group} owns, directly or through its descendant groups ({@code parentOf});
   * with {@code includeMembers}, also what the members of those groups own.
   */
  public Ownership ownership(EntityRef group, boolean includeMembers) {
    GraphWalk tree = walk(group, Set.of(PARENT_OF), Direction.OUTGOING);
    List<EntityRef> groups = tree.nodes();
    List<EntityRef> members = new ArrayList<>();
    if (includeMembers) {
      Set<EntityRef> seen = new TreeSet<>();
      for (RelationEdge e : store.relationsFrom(groups)) {
        if (e.type().equals(HAS_MEMBER) && seen.add(e.target())) {
          members.add(e.target());
        }
      }
    }
    List<EntityRef> owners = new ArrayList<>(groups);
    owners.addAll(members);
    List<RelationEdge> ownerships = new ArrayList<>();
    for (RelationEdge e : store.relationsFrom(owners)) {
      if (e.type().equals(OWNER_OF)) {
        ownerships.add(e);
      }
    }
    return new Ownership(group, groups, members, ownerships, tree.truncated());
  }

  /** True when the walk's edges contain a directed cycle (a self-loop counts). */
  public static boolean hasCycle(GraphWalk walk) {
    return new CycleDetector<>(simple(walk)).detectCycles();
  }

  /**
   * The simple cycles reachable from {@code root} along {@code types}, each as the refs around it
   * starting at its smallest ref, sorted; at most {@link #DEFAULT_MAX_CYCLES}.
   */
  public List<List<EntityRef>> cycles(EntityRef root, Set<String> types) {
    return cycles(walk(root, types, Direction.OUTGOING), DEFAULT_MAX_CYCLES);
  }

  /**
   * The simple directed cycles in a walk, each rotated to start at its smallest ref, sorted by
   * length then refs; at most {@code maxCycles} (the search stops there, the number of simple
   * cycles can grow exponentially).
   */
  public static List<List<EntityRef>> cycles(GraphWalk walk, int maxCycles) {
    List<List<EntityRef>> found = new ArrayList<>();
    if (maxCycles <= 0) {
      return found;
    }
    final class Enough extends RuntimeException {
      Enough() {
        super(null, null, false, false);
      }
    }
    try {
      new JohnsonSimpleCycles<>(simple(walk))
          .findSimpleCycles(
              cycle -> {
                found.add(rotate(cycle));
                if (found.size() >= maxCycles) {
                  throw new Enough();
                }
              });
    } catch (Enough enough) {
      // the cap was reached
    }
    found.sort(
        Comparator.<List<EntityRef>>comparingInt(List::size)
            .thenComparing(CatalogGraph::compareRefLists));
    return List.copyOf(found);
  }

  private static int compareRefLists(List<EntityRef> a, List<EntityRef> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = a.get(i).compareTo(b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private static List<EntityRef> rotate(List<EntityRef> cycle) {
    int min = 0;
    for (int i = 1; i < cycle.size(); i++) {
      if (cycle.get(i).compareTo(cycle.get(min)) < 0) {
        min = i;
      }
    }
    List<EntityRef> out = new ArrayList<>(cycle.subList(min, cycle.size()));
    out.addAll(cycle.subList(0, min));
    return List.copyOf(out);
  }

  /**
   * An arc of the simple graph that cycle searches run on. Not a {@code DefaultEdge}: Johnson's
   * algorithm copies edges into re-indexed subgraphs, which intrusive edges refuse.
   */
  private record Arc(EntityRef source, EntityRef target) {}

  private static Graph<EntityRef, Arc> simple(GraphWalk walk) {
    Graph<EntityRef, Arc> g = new DefaultDirectedGraph<>(null, null, false);
    walk.depths().keySet().forEach(g::addVertex);
    for (RelationEdge e : walk.edges()) {
      g.addEdge(e.source(), e.target(), new Arc(e.source(), e.target()));
    }
    return g;
  }

  /**
   * A shortest path from {@code from} to {@code to} along {@code types}.
   *
   * @param types the relation types to follow; empty follows every type
   * @param bothDirections also follow edges backwards (from target to source)
   * @return the path, or empty when {@code to} is not reachable within the limits
   */
  public Optional<RelationPath> shortestPath(
      EntityRef from, EntityRef to, Set<String> types, boolean bothDirections) {
    if (from.equals(to)) {
      return Optional.of(new RelationPath(List.of(from), List.of()));
    }
    GraphWalk w =
        walk(from, types, bothDirections ? Direction.BOTH : Direction.OUTGOING, to);
    if (!w.depths().containsKey(to)) {
      return Optional.empty();
    }
    Graph<EntityRef, RelationEdge> g = w.toGraph();
    GraphPath<EntityRef, RelationEdge> path =
        BFSShortestPath.findPathBetween(bothDirections ? new AsUndirectedGraph<>(g) : g, from, to);
    if (path == null) {
      return Optional.empty();
    }
    return Optional.of(new RelationPath(path.getVertexList(), path.getEdgeList()));
  }
}
