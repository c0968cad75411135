package dev.greenroom.catalog.processing.engine;

import dev.greenroom.catalog.io.EntityWriter;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.BuiltinRelations;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.RelationEdge;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A generated catalog on disk for ingestion tests: groups in a hierarchy, users, systems, APIs and
 * components that own, belong to, provide, consume and depend on each other (a few groups own
 * most entities, so their inverse relations grow with every batch), in files of {@value
 * #PER_FILE} entities listed by one {@code location.yaml}.
 *
 * @param location the {@code location.yaml} to configure as a {@code file} location
 * @param relations every entity the catalog must hold (the generated ones, the data files'
 *     Location entities, not the configured location's own) with the relations it must have
 */
record GeneratedCatalog(Path location, Map<EntityRef, Set<String>> relations) {
  static final int PER_FILE = 250;

  /** The entities the catalog holds once ingested: these plus the configured location's own. */
  long total() {
    return relations.size() + 1L;
  }

  /** Writes a catalog of {@code n} entities (at least 100) to {@code dir}. */
  static GeneratedCatalog write(int n, Path dir) throws IOException {
    int groups = Math.max(5, n / 50);
    int users = n / 5;
    int systems = Math.max(2, n / 25);
    int apis = n / 7;
    int components = n - groups - users - systems - apis;
    List<List<Entity>> byKind = new ArrayList<>();
    List<Entity> list = new ArrayList<>();
    for (int i = 0; i < groups; i++) {
      ObjectNode spec = Json.object().put("type", "team");
      if (i > 0) {
        spec.put("parent", "group-" + (i - 1) / 4);
      }
      spec.putArray("children");
      list.add(entity("Group", "group-" + i, spec));
    }
    byKind.add(list);
    list = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      ObjectNode spec = Json.object();
      spec.putArray("memberOf").add(owner(i, groups));
      list.add(entity("User", "user-" + i, spec));
    }
    byKind.add(list);
    list = new ArrayList<>();
    for (int i = 0; i < systems; i++) {
      list.add(entity("System", "system-" + i, Json.object().put("owner", owner(i, groups))));
    }
    byKind.add(list);
    list = new ArrayList<>();
    for (int i = 0; i < apis; i++) {
      list.add(entity("API", "api-" + i, Json.object()
          .put("type", "openapi").put("lifecycle", "production").put("owner", owner(i, groups))
          .put("system", "system-" + i % systems).put("definition", "openapi: 3.0.0")));
    }
    byKind.add(list);
    list = new ArrayList<>();
    for (int i = 0; i < components; i++) {
      ObjectNode spec = Json.object()
          .put("type", "service").put("lifecycle", "production").put("owner", owner(i, groups))
          .put("system", "system-" + i % systems);
      spec.putArray("providesApis").add("api-" + i % apis);
      spec.putArray("consumesApis").add("api-" + (i * 7 + 3) % apis).add("api-" + (i * 13 + 5) % apis);
      ArrayNode deps = spec.putArray("dependsOn");
      if (i > 0) {
        deps.add("component:component-" + i / 2);
      }
      list.add(entity("Component", "component-" + i, spec));
    }
    byKind.add(list);

    Files.createDirectories(dir);
    Map<EntityRef, Set<String>> relations = new TreeMap<>(java.util.Comparator.comparing(EntityRef::toString));
    List<Entity> locations = new ArrayList<>();
    List<Entity> all = new ArrayList<>();
    int file = 0;
    for (List<Entity> kind : byKind) {
      for (int from = 0; from < kind.size(); from += PER_FILE) {
        List<Entity> part = kind.subList(from, Math.min(kind.size(), from + PER_FILE));
        String name = String.format(Locale.ROOT, "part-%03d", file++);
        Files.writeString(dir.resolve(name + ".yaml"), EntityWriter.toYaml(part), StandardCharsets.UTF_8);
        ObjectNode spec = Json.object();
        spec.putArray("targets").add("./" + name + ".yaml");
        locations.add(entity("Location", "generated-" + name, spec));
        all.addAll(part);
      }
    }
    Files.writeString(dir.resolve("location.yaml"), EntityWriter.toYaml(locations), StandardCharsets.UTF_8);
    all.addAll(locations);
    for (Entity e : all) {
      relations.computeIfAbsent(e.ref(), k -> new TreeSet<>());
      for (RelationEdge edge : BuiltinRelations.of(e)) {
        relations.computeIfAbsent(edge.source(), k -> new TreeSet<>())
            .add(edge.type() + " " + edge.target());
      }
    }
    return new GeneratedCatalog(dir.resolve("location.yaml"), relations);
  }

  /** Most entities belong to the first five groups. */
  private static String owner(int i, int groups) {
    return "group:group-" + (i % 3 == 0 ? i % groups : i % 5);
  }

  private static Entity entity(String kind, String name, ObjectNode spec) {
    ObjectNode n = Json.object().put("apiVersion", "backstage.io/v1alpha1").put("kind", kind);
    n.putObject("metadata").put("name", name);
    n.set("spec", spec);
    return Entity.fromJson(n);
  }
}
