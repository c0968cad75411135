package dev.greenroom.cli;

import dev.greenroom.catalog.graph.GraphWalk;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.RelationEdge;
import dev.greenroom.catalog.model.RelationTypes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Draws the dependencies and dependents of one entity as a text tree, Graphviz DOT or Mermaid.
 * Output is deterministic: children and edges are sorted by relation type, then ref.
 *
 * <p>DOT and Mermaid draw one graph in which every arrow means "needs": the dependents' edges
 * ({@code dependencyOf}, {@code apiConsumedBy}, {@code providesApi}) are turned around and named
 * by their inverse ({@code dependsOn}, {@code consumesApi}, {@code apiProvidedBy}).
 */
final class GraphRenderer {
  private static final Comparator<RelationEdge> ORDER = Comparator
      .comparing(RelationEdge::type)
      .thenComparing(RelationEdge::target)
      .thenComparing(RelationEdge::source);
  private static final Map<String, String> INVERSE = Map.of(
      RelationTypes.DEPENDENCY_OF, RelationTypes.DEPENDS_ON,
      RelationTypes.API_CONSUMED_BY, RelationTypes.CONSUMES_API,
      RelationTypes.PROVIDES_API, RelationTypes.API_PROVIDED_BY);

  private GraphRenderer() {}

  /** The text tree; a null walk is a direction that was not asked for. */
  static String text(EntityRef root, @Nullable GraphWalk dependencies, @Nullable GraphWalk dependents) {
    StringBuilder sb = new StringBuilder(root.toString()).append('\n');
    List<String> sections = new ArrayList<>();
    if (dependencies != null) {
      sections.add("dependencies");
    }
    if (dependents != null) {
      sections.add("dependents");
    }
    for (int i = 0; i < sections.size(); i++) {
      boolean last = i == sections.size() - 1;
      GraphWalk walk = sections.get(i).equals("dependencies") ? dependencies : dependents;
      sb.append(last ? "└── " : "├── ").append(sections.get(i));
      if (walk.truncated()) {
        sb.append(" (truncated: depth or node limit reached)");
      }
      sb.append('\n');
      String prefix = last ? "    " : "│   ";
      Map<EntityRef, List<RelationEdge>> children = children(walk);
      if (children.getOrDefault(root, List.of()).isEmpty()) {
        sb.append(prefix).append("└── (none)\n");
        continue;
      }
      Set<EntityRef> shown = new HashSet<>();
      shown.add(root);
      tree(sb, root, children, prefix, shown);
    }
    return sb.toString();
  }

  private static void tree(StringBuilder sb, EntityRef node, Map<EntityRef, List<RelationEdge>> children,
      String prefix, Set<EntityRef> shown) {
    List<RelationEdge> edges = children.getOrDefault(node, List.of());
    for (int i = 0; i < edges.size(); i++) {
      RelationEdge e = edges.get(i);
      boolean last = i == edges.size() - 1;
      sb.append(prefix).append(last ? "└── " : "├── ").append(e.type()).append(' ').append(e.target());
      if (!shown.add(e.target())) {
        boolean hasChildren = !children.getOrDefault(e.target(), List.of()).isEmpty();
        sb.append(hasChildren ? " (see above)" : "").append('\n');
        continue;
      }
      sb.append('\n');
      tree(sb, e.target(), children, prefix + (last ? "    " : "│   "), shown);
    }
  }

  private static Map<EntityRef, List<RelationEdge>> children(GraphWalk walk) {
    Map<EntityRef, List<RelationEdge>> out = new LinkedHashMap<>();
    List<RelationEdge> edges = new ArrayList<>(walk.edges());
    edges.sort(ORDER);
    for (RelationEdge e : edges) {
      out.computeIfAbsent(e.source(), k -> new ArrayList<>()).add(e);
    }
    return out;
  }

  /** The union of both walks as "needs" edges, sorted. */
  static TreeSet<RelationEdge> needs(@Nullable GraphWalk dependencies, @Nullable GraphWalk dependents) {
    TreeSet<RelationEdge> out = new TreeSet<>(Comparator.comparing(RelationEdge::source)
        .thenComparing(RelationEdge::type).thenComparing(RelationEdge::target));
    if (dependencies != null) {
      out.addAll(dependencies.edges());
    }
    if (dependents != null) {
      for (RelationEdge e : dependents.edges()) {
        String inverse = INVERSE.get(e.type());
        out.add(inverse == null ? e : new RelationEdge(e.target(), inverse, e.source()));
      }
    }
    return out;
  }

  private static TreeSet<EntityRef> nodes(EntityRef root, Set<RelationEdge> edges) {
    TreeSet<EntityRef> nodes = new TreeSet<>();
    nodes.add(root);
    for (RelationEdge e : edges) {
      nodes.add(e.source());
      nodes.add(e.target());
    }
    return nodes;
  }

  /** Graphviz DOT. */
  static String dot(EntityRef root, @Nullable GraphWalk dependencies, @Nullable GraphWalk dependents) {
    Set<RelationEdge> edges = needs(dependencies, dependents);
    StringBuilder sb = new StringBuilder("digraph ").append(quote(root.toString())).append(" {\n");
    sb.append("  rankdir=LR;\n");
    sb.append("  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n");
    sb.append("  edge [fontname=\"Helvetica\", fontsize=10];\n");
    for (EntityRef n : nodes(root, edges)) {
      sb.append("  ").append(quote(n.toString()));
      if (n.equals(root)) {
        sb.append(" [style=\"rounded,bold\", penwidth=2]");
      }
      sb.append(";\n");
    }
    for (RelationEdge e : edges) {
      sb.append("  ").append(quote(e.source().toString())).append(" -> ")
          .append(quote(e.target().toString())).append(" [label=").append(quote(e.type()))
          .append("];\n");
    }
    return sb.append("}\n").toString();
  }

  /** A Mermaid flowchart. */
  static String mermaid(EntityRef root, @Nullable GraphWalk dependencies, @Nullable GraphWalk dependents) {
    Set<RelationEdge> edges = needs(dependencies, dependents);
    Map<EntityRef, String> ids = new LinkedHashMap<>();
    ids.put(root, "n0");
    for (EntityRef n : nodes(root, edges)) {
      ids.putIfAbsent(n, "n" + ids.size());
    }
    StringBuilder sb = new StringBuilder("graph LR\n");
    ids.forEach((ref, id) -> sb.append("  ").append(id).append("[\"")
        .append(ref.toString().replace("\"", "#quot;")).append("\"]\n"));
    for (RelationEdge e : edges) {
      sb.append("  ").append(ids.get(e.source())).append(" -->|").append(e.type()).append("| ")
          .append(ids.get(e.target())).append('\n');
    }
    sb.append("  style n0 stroke-width:3px\n");
    return sb.toString();
  }

  private static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
