package dev.greenroom.catalog.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.BuiltinRelations;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.RelationEdge;
import dev.greenroom.catalog.store.EntityStore;
import dev.greenroom.catalog.store.WriteBatch;
import dev.greenroom.catalog.store.memory.MemoryEntityStore;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CatalogGraphTest {
  private EntityStore store;
  private CatalogGraph graph;

  private static Entity entity(String kind, String name, String spec) {
    return Entity.fromJson(
        Json.parse(
            ("{'apiVersion':'backstage.io/v1alpha1','kind':'" + kind + "','metadata':{'name':'" + name
                    + "'},'spec':" + spec + "}")
                .replace('\'', '"')));
  }

  private static EntityRef ref(String r) {
    return EntityRef.parse(r);
  }

  private static List<String> strings(List<EntityRef> refs) {
    return refs.stream().map(EntityRef::toString).toList();
  }

  @BeforeEach
  void setUp() {
    store = new MemoryEntityStore();
    List<Entity> catalog =
        List.of(
            entity("Group", "org", "{'type':'organization','children':['platform','shop']}"),
            entity("Group", "platform", "{'type':'team','children':['infra']}"),
            entity("Group", "infra", "{'type':'team'}"),
            entity("Group", "shop", "{'type':'team'}"),
            entity("User", "ann", "{'memberOf':['infra']}"),
            entity(
                "Component",
                "web",
                "{'type':'website','owner':'shop','dependsOn':['component:api-gw'],'consumesApis':['orders-api']}"),
            entity("Component", "api-gw", "{'type':'service','owner':'platform','dependsOn':['component:auth']}"),
            entity("Component", "auth", "{'type':'service','owner':'infra'}"),
            entity(
                "Component",
                "orders",
                "{'type':'service','owner':'shop','providesApis':['orders-api'],'dependsOn':['resource:db']}"),
            entity("API", "orders-api", "{'type':'openapi','owner':'shop'}"),
            entity("Resource", "db", "{'type':'database','owner':'infra'}"),
            entity("Component", "ann-tool", "{'type':'library','owner':'user:ann'}"),
            entity("Component", "cyc-a", "{'dependsOn':['component:cyc-b']}"),
            entity("Component", "cyc-b", "{'dependsOn':['component:cyc-c']}"),
            entity("Component", "cyc-c", "{'dependsOn':['component:cyc-a','component:cyc-b']}"));
    WriteBatch batch = new WriteBatch();
    catalog.forEach(e -> batch.upsert(e, BuiltinRelations.of(e)));
    store.write(batch);
    graph = CatalogGraph.over(store);
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  @Test
  void dependenciesFollowDependsOnAndApisToTheirProviders() {
    GraphWalk w = graph.dependencies(ref("component:web"));
    assertThat(strings(w.nodes()))
        .containsExactly(
            "component:default/web",
            "api:default/orders-api",
            "component:default/api-gw",
            "component:default/orders",
            "component:default/auth",
            "resource:default/db");
    assertThat(w.depthOf(ref("resource:db"))).hasValue(3);
    assertThat(w.depthOf(ref("component:auth"))).hasValue(2);
    assertThat(w.truncated()).isFalse();
    assertThat(w.edges())
        .contains(
            new RelationEdge(ref("component:web"), "consumesApi", ref("api:orders-api")),
            new RelationEdge(ref("api:orders-api"), "apiProvidedBy", ref("component:orders")));
    assertThat(w.toGraph().vertexSet()).hasSize(6);
    assertThat(CatalogGraph.hasCycle(w)).isFalse();
  }

  @Test
  void dependentsAreTheMirrorImage() {
    assertThat(strings(graph.dependents(ref("component:auth")).reached()))
        .containsExactly("component:default/api-gw", "component:default/web");
    assertThat(strings(graph.dependents(ref("resource:db")).reached()))
        .containsExactly("component:default/orders", "api:default/orders-api", "component:default/web");
  }

  @Test
  void walkingIncomingEdgesEqualsWalkingInverseTypes() {
    GraphWalk in =
        graph.walk(ref("component:auth"), CatalogGraph.DEPENDENCY_TYPES, CatalogGraph.Direction.INCOMING);
    assertThat(in.reached()).containsExactlyElementsOf(graph.dependents(ref("component:auth")).reached());
  }

  @Test
  void limitsTruncateTheWalk() {
    GraphWalk shallow = graph.withLimits(1, 100).dependencies(ref("component:web"));
    assertThat(strings(shallow.nodes()))
        .containsExactly("component:default/web", "api:default/orders-api", "component:default/api-gw");
    assertThat(shallow.truncated()).isTrue();
    GraphWalk small = graph.withLimits(10, 2).dependencies(ref("component:web"));
    assertThat(small.nodes()).hasSize(2);
    assertThat(small.truncated()).isTrue();
    assertThat(graph.withLimits(0, 10).dependencies(ref("component:web")).nodes()).hasSize(1);
  }

  @Test
  void unknownRootIsALonelyNode() {
    GraphWalk w = graph.dependencies(ref("component:nope"));
    assertThat(strings(w.nodes())).containsExactly("component:default/nope");
    assertThat(w.edges()).isEmpty();
  }

  @Test
  void ownershipRollsUpThroughChildGroups() {
    Ownership o = graph.ownership(ref("group:org"), false);
    assertThat(strings(o.groups()))
        .containsExactly("group:default/org", "group:default/platform", "group:default/shop", "group:default/infra");
    assertThat(o.members()).isEmpty();
    assertThat(strings(o.owned()))
        .containsExactly(
            "api:default/orders-api",
            "component:default/api-gw",
            "component:default/auth",
            "component:default/orders",
            "component:default/web",
            "resource:default/db");
    Ownership platform = graph.ownership(ref("group:platform"), true);
    assertThat(strings(platform.members())).containsExactly("user:default/ann");
    assertThat(strings(platform.owned()))
        .containsExactly(
            "component:default/ann-tool",
            "component:default/api-gw",
            "component:default/auth",
            "resource:default/db");
  }

  @Test
  void cyclesAreFoundAndReportedFromTheirSmallestRef() {
    List<List<EntityRef>> cycles = graph.cycles(ref("component:cyc-a"), CatalogGraph.DEPENDENCY_TYPES);
    assertThat(cycles.stream().map(CatalogGraphTest::strings).toList())
        .containsExactly(
            List.of("component:default/cyc-b", "component:default/cyc-c"),
            List.of("component:default/cyc-a", "component:default/cyc-b", "component:default/cyc-c"));
    assertThat(CatalogGraph.hasCycle(graph.dependencies(ref("component:cyc-b")))).isTrue();
    assertThat(CatalogGraph.cycles(graph.dependencies(ref("component:cyc-a")), 1)).hasSize(1);
  }

  @Test
  void shortestPathFollowsChosenTypesAndDirections() {
    RelationPath p =
        graph.shortestPath(ref("component:web"), ref("component:auth"), CatalogGraph.DEPENDENCY_TYPES, false)
            .orElseThrow();
    assertThat(strings(p.nodes()))
        .containsExactly("component:default/web", "component:default/api-gw", "component:default/auth");
    assertThat(p.length()).isEqualTo(2);
    assertThat(
            graph.shortestPath(ref("component:auth"), ref("component:web"), CatalogGraph.DEPENDENCY_TYPES, false))
        .isEmpty();
    RelationPath back =
        graph.shortestPath(ref("component:auth"), ref("component:web"), Set.of("dependsOn"), true).orElseThrow();
    assertThat(back.length()).isEqualTo(2);
    assertThat(back.edges().get(0)).isEqualTo(new RelationEdge(ref("component:api-gw"), "dependsOn", ref("component:auth")));
    RelationPath any =
        graph.shortestPath(ref("user:ann"), ref("component:web"), Set.of(), false).orElseThrow();
    assertThat(strings(any.nodes()).get(0)).isEqualTo("user:default/ann");
    assertThat(any.nodes().get(any.nodes().size() - 1)).isEqualTo(ref("component:web"));
    assertThat(graph.shortestPath(ref("user:ann"), ref("user:ann"), Set.of(), false).orElseThrow().length())
        .isZero();
  }
}
