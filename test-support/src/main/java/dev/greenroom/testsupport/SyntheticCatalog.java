package dev.greenroom.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A deterministic synthetic catalog, entity for entity the same as the Backstage peer's {@code
 * gen-catalog.mjs N OUTDIR SEED} makes (same seeded PRNG, same draws in the same order), so that
 * Greenroom and the real Backstage backend are measured on identical data.
 *
 * <p>Shape: 0.5% Domains, 3% Groups (a tree under {@code org}), 15% Users, 4% Systems, 15% APIs,
 * 10% Resources, the rest Components with owners in three spellings, systems, APIs and
 * dependencies.
 *
 * <p>The entities are JSON trees (each a fresh object the caller may keep or change), so that this
 * module needs no Greenroom module; catalog-core's {@code Entity.fromJson(tree)} makes entities of
 * them, and Jackson's YAML writer makes files of them.
 */
public final class SyntheticCatalog {
  private static final List<String> KINDS =
      List.of("Domain", "Group", "User", "System", "API", "Resource", "Component");
  private static final List<String> TAGS =
      List.of("java", "node", "go", "python", "kafka", "postgres", "internal", "public");

  private int state;

  private SyntheticCatalog(int seed) {
    this.state = seed;
  }

  /**
   * The catalog of {@code n} entities for {@code seed}, in the peer's order (Domains, Groups,
   * Users, Systems, APIs, Resources, Components); the peer's default seed is 42.
   *
   * @param n at least 20
   */
  public static List<ObjectNode> generate(int n, int seed) {
    if (n < 20) {
      throw new IllegalArgumentException("n must be at least 20, was " + n);
    }
    return new SyntheticCatalog(seed).build(n);
  }

  /** mulberry32, as the peer's generator. */
  private double rand() {
    state = state + 0x6d2b79f5;
    int t = state;
    t = (t ^ (t >>> 15)) * (t | 1);
    t ^= t + (t ^ (t >>> 7)) * (t | 61);
    return ((t ^ (t >>> 14)) & 0xFFFFFFFFL) / 4294967296.0;
  }

  private int integer(int bound) {
    return (int) Math.floor(rand() * bound);
  }

  private <T> T pick(List<T> list) {
    return list.get(integer(list.size()));
  }

  private <T> List<T> pickSome(List<T> list, int max) {
    int count = integer(max + 1);
    LinkedHashSet<T> out = new LinkedHashSet<>();
    for (int i = 0; i < count; i++) {
      out.add(pick(list));
    }
    return new ArrayList<>(out);
  }

  private List<ObjectNode> build(int n) {
    Map<String, Integer> count = new LinkedHashMap<>();
    count.put("Domain", (int) Math.max(1, Math.round(n * 0.005)));
    count.put("Group", (int) Math.max(2, Math.round(n * 0.03)));
    count.put("User", (int) Math.round(n * 0.15));
    count.put("System", (int) Math.max(1, Math.round(n * 0.04)));
    count.put("API", (int) Math.round(n * 0.15));
    count.put("Resource", (int) Math.round(n * 0.1));
    count.put("Component", n - count.values().stream().mapToInt(Integer::intValue).sum());
    Map<String, List<String>> names = new LinkedHashMap<>();
    for (String kind : KINDS) {
      List<String> list = new ArrayList<>();
      for (int i = 0; i < count.get(kind); i++) {
        list.add(kind.toLowerCase() + "-" + String.format("%05d", i));
      }
      names.put(kind, list);
    }
    names.get("Group").set(0, "org");
    List<String> teams = names.get("Group").subList(1, names.get("Group").size());
    List<String> domains = names.get("Domain");
    List<String> systems = names.get("System");
    List<String> apis = names.get("API");
    List<String> resources = names.get("Resource");
    List<String> components = names.get("Component");
    List<ObjectNode> out = new ArrayList<>(n);

    for (int i = 0; i < domains.size(); i++) {
      ObjectNode spec = object().put("owner", ownerRef(teams));
      if (i > 0 && rand() < 0.3) {
        spec.put("subdomainOf", domains.get(integer(i)));
      }
      out.add(entity("Domain", names, i, spec));
    }
    List<String> groups = names.get("Group");
    List<Integer> parents = new ArrayList<>();
    List<List<String>> children = new ArrayList<>();
    for (int i = 0; i < groups.size(); i++) {
      parents.add(i == 0 ? null : integer(Math.min(i, 1 + i / 5)));
      children.add(new ArrayList<>());
    }
    for (int i = 0; i < groups.size(); i++) {
      if (parents.get(i) != null) {
        children.get(parents.get(i)).add(groups.get(i));
      }
    }
    for (int i = 0; i < groups.size(); i++) {
      ObjectNode spec =
          object().put("type", i == 0 ? "organization" : pick(List.of("team", "department")));
      spec.putObject("profile")
          .put("displayName", "Group " + i)
          .put("email", "group-" + i + "@example.com");
      if (parents.get(i) != null) {
        spec.put("parent", groups.get(parents.get(i)));
      }
      strings(spec.putArray("children"), rand() < 0.5 ? children.get(i) : List.of());
      out.add(entity("Group", names, i, spec));
    }
    List<String> users = names.get("User");
    for (int i = 0; i < users.size(); i++) {
      ObjectNode spec = object();
      spec.putObject("profile")
          .put("displayName", "User " + i)
          .put("email", users.get(i) + "@example.com");
      LinkedHashSet<String> memberOf = new LinkedHashSet<>();
      memberOf.add(pick(teams));
      if (rand() < 0.3) {
        memberOf.add(pick(teams));
      }
      strings(spec.putArray("memberOf"), new ArrayList<>(memberOf));
      out.add(entity("User", names, i, spec));
    }
    for (int i = 0; i < systems.size(); i++) {
      ObjectNode spec = object().put("owner", ownerRef(teams)).put("domain", pick(domains));
      out.add(entity("System", names, i, spec));
    }
    for (int i = 0; i < apis.size(); i++) {
      ObjectNode spec =
          object()
              .put("type", pick(List.of("openapi", "grpc", "asyncapi", "graphql")))
              .put("lifecycle", pick(List.of("production", "experimental")))
              .put("owner", ownerRef(teams))
              .put("system", pick(systems))
              .put(
                  "definition",
                  "openapi: 3.0.0\ninfo: { title: " + apis.get(i) + ", version: 1.0.0 }\npaths: {}\n");
      out.add(entity("API", names, i, spec));
    }
    for (int i = 0; i < resources.size(); i++) {
      ObjectNode spec =
          object()
              .put("type", pick(List.of("database", "s3-bucket", "queue", "cache")))
              .put("owner", ownerRef(teams))
              .put("system", pick(systems));
      if (i > 0 && rand() < 0.3) {
        strings(spec.putArray("dependsOn"), List.of("resource:" + resources.get(integer(i))));
      }
      out.add(entity("Resource", names, i, spec));
    }
    for (int i = 0; i < components.size(); i++) {
      List<String> dependsOn = new ArrayList<>();
      if (i > 0) {
        pickSome(components.subList(0, i), 2).forEach(c -> dependsOn.add("component:" + c));
      }
      if (!resources.isEmpty()) {
        pickSome(resources, 1).forEach(r -> dependsOn.add("resource:" + r));
      }
      ObjectNode spec =
          object()
              .put("type", pick(List.of("service", "website", "library")))
              .put("lifecycle", pick(List.of("production", "experimental", "deprecated")))
              .put("owner", ownerRef(teams))
              .put("system", pick(systems));
      if (i > 0 && rand() < 0.05) {
        spec.put("subcomponentOf", components.get(integer(i)));
      }
      strings(spec.putArray("providesApis"), apis.isEmpty() ? List.of() : pickSome(apis, 2));
      strings(spec.putArray("consumesApis"), apis.isEmpty() ? List.of() : pickSome(apis, 3));
      strings(spec.putArray("dependsOn"), dependsOn);
      out.add(entity("Component", names, i, spec));
    }
    return out;
  }

  private String ownerRef(List<String> teams) {
    String g = pick(teams);
    return pick(List.of(g, "group:" + g, "group:default/" + g));
  }

  private ObjectNode entity(String kind, Map<String, List<String>> names, int i, ObjectNode spec) {
    String name = names.get(kind).get(i);
    ObjectNode e = object().put("apiVersion", "backstage.io/v1alpha1").put("kind", kind);
    ObjectNode meta = e.putObject("metadata");
    meta.put("name", name)
        .put("title", kind + " " + i)
        .put("description", "Synthetic " + kind.toLowerCase() + " number " + i + " for load tests.");
    strings(meta.putArray("tags"), pickSome(TAGS, 2));
    meta.putObject("labels").put("tier", pick(List.of("gold", "silver", "bronze")));
    meta.putObject("annotations").put("example.com/cost-center", "cc-" + integer(50));
    meta.putArray("links")
        .addObject()
        .put("url", "https://example.com/" + kind.toLowerCase() + "/" + name)
        .put("title", "Home");
    e.set("spec", spec);
    return e;
  }

  private static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  private static void strings(ArrayNode arr, List<String> values) {
    values.forEach(arr::add);
  }
}
