package dev.greenroom.catalog.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.BuiltinRelations;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.Relation;
import dev.greenroom.catalog.model.RelationEdge;
import dev.greenroom.catalog.model.StatusItem;
import dev.greenroom.catalog.query.EntityFilters;
import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.catalog.query.FacetCount;
import dev.greenroom.catalog.query.FullTextFilter;
import dev.greenroom.catalog.query.SearchIndex;
import dev.greenroom.catalog.query.SearchRow;
import dev.greenroom.catalog.query.SortField;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * The behaviour every {@link EntityStore} must have. A store's test extends this class and
 * implements {@link #newStore()}; each JUnit test gets a fresh, empty store, closed afterwards.
 * The jqwik property creates (and closes) one store per try, so {@code newStore()} should be
 * cheap.
 *
 * <p>The fixture is a small catalog ({@link #fixture()}) written with the edges {@link
 * BuiltinRelations} implies, as the processing engine would.
 *
 * <p>Semantics pinned here beyond the SPI javadoc: a failed write throws {@link StoreException};
 * {@code relationsFrom}/{@code relationsTo} return only stitched edges, i.e. edges whose source is
 * a stored entity (targets may dangle), de-duplicated across emitters; {@code facets} has an
 * entry for every requested key, possibly empty.
 */
public abstract class EntityStoreContract {

  /** A fresh, empty store. */
  protected abstract EntityStore newStore();

  protected EntityStore store;

  @BeforeEach
  void openStore() {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  // ---------------------------------------------------------------- fixture

  /** Parses JSON written with single quotes. */
  protected static Entity entity(String singleQuotedJson) {
    return Entity.fromJson(Json.parse(singleQuotedJson.replace('\'', '"')));
  }

  protected static Entity entity(
      String kind, String namespace, String name, String metadataExtra, String spec) {
    String apiVersion = "backstage.io/v1alpha1";
    return entity(
        "{'apiVersion':'"
            + apiVersion
            + "','kind':'"
            + kind
            + "','metadata':{'name':'"
            + name
            + "','namespace':'"
            + namespace
            + "'"
            + (metadataExtra.isEmpty() ? "" : "," + metadataExtra)
            + "},'spec':"
            + spec
            + "}");
  }

  protected static final String LONG_DESCRIPTION = "x".repeat(250);

  /** Groups org > team-a, team-b; users; a system; an API; four components (one in {@code ops}). */
  protected static List<Entity> fixture() {
    return List.of(
        entity("Group", "default", "org", "", "{'type':'organization','children':['team-a','team-b']}"),
        entity("Group", "default", "team-a", "'title':'Team A'", "{'type':'team','parent':'org','children':[]}"),
        entity("Group", "default", "team-b", "", "{'type':'team','parent':'org'}"),
        entity("User", "default", "alice", "", "{'memberOf':['team-a'],'profile':{'displayName':'Alice'}}"),
        entity("User", "default", "bob", "", "{'memberOf':['team-b']}"),
        entity("System", "default", "payments", "", "{'owner':'team-a'}"),
        entity(
            "API",
            "default",
            "payments-api",
            "'tags':['rest','java']",
            "{'type':'openapi','lifecycle':'production','owner':'team-a','system':'payments',"
                + "'definition':'openapi: 3.0.0'}"),
        entity(
            "Component",
            "default",
            "checkout",
            "'tags':['java','payments'],'annotations':{'example.com/empty':''}",
            "{'type':'service','lifecycle':'production','owner':'team-a','system':'payments',"
                + "'providesApis':['payments-api'],'dependsOn':['component:ledger','resource:db']}"),
        entity(
            "Component",
            "default",
            "ledger",
            "'tags':['Java','kotlin'],'description':'" + LONG_DESCRIPTION + "'",
            "{'type':'service','lifecycle':'experimental','owner':'team-b',"
                + "'consumesApis':['payments-api']}"),
        entity(
            "Component",
            "default",
            "website",
            "'description':'The public site'",
            "{'type':'website','owner':'team-b','consumesApis':['payments-api']}"),
        entity(
            "Component",
            "ops",
            "Tooling",
            "'tags':['go']",
            "{'type':'library','lifecycle':'deprecated','owner':'group:default/team-a'}"));
  }

  protected static final List<String> ALL_REFS =
      List.of(
          "api:default/payments-api",
          "component:default/checkout",
          "component:default/ledger",
          "component:default/website",
          "component:ops/tooling",
          "group:default/org",
          "group:default/team-a",
          "group:default/team-b",
          "system:default/payments",
          "user:default/alice",
          "user:default/bob");

  protected static EntityRef ref(String ref) {
    return EntityRef.parse(ref);
  }

  protected WriteResult write(Entity... entities) {
    return write(List.of(entities));
  }

  protected WriteResult write(List<Entity> entities) {
    WriteBatch batch = new WriteBatch();
    for (Entity e : entities) {
      batch.upsert(e, BuiltinRelations.of(e));
    }
    return store.write(batch);
  }

  protected void writeFixture() {
    write(fixture());
  }

  protected Entity get(String ref) {
    return store.get(ref(ref)).orElseThrow(() -> new AssertionError("missing " + ref));
  }

  protected static List<String> refs(ScanResult result) {
    return result.entities().stream().map(e -> e.ref().toString()).toList();
  }

  protected List<String> scanRefs(EntityPredicate filter) {
    return refs(store.scan(ScanRequest.of(filter, 1000)));
  }

  protected List<String> legacy(String... sets) {
    return scanRefs(EntityFilters.parseLegacy(List.of(sets)));
  }

  protected List<String> predicate(String singleQuotedJson) {
    return scanRefs(EntityFilters.parsePredicate(Json.parse(singleQuotedJson.replace('\'', '"'))));
  }

  protected ScanResult scan(
      EntityPredicate filter,
      List<SortField> sort,
      boolean requireSortValue,
      ScanRequest.@Nullable Keyset after,
      int offset,
      int limit) {
    return store.scan(new ScanRequest(filter, null, sort, requireSortValue, after, offset, limit));
  }

  protected static EntityPredicate kinds(String... kinds) {
    return EntityPredicate.in("kind", List.of(kinds));
  }

  // ---------------------------------------------------------------- reads and writes

  @Test
  void upsertThenGetReturnsStitchedEntity() {
    WriteResult result = write(fixture());
    assertThat(result.added()).extracting(EntityRef::toString).containsExactlyInAnyOrderElementsOf(ALL_REFS);
    assertThat(result.changed()).isEmpty();
    assertThat(result.removed()).isEmpty();
    Entity checkout = get("component:default/checkout");
    assertThat(checkout.metadata().uid()).isNotBlank();
    assertThat(checkout.metadata().etag()).isNotBlank();
    assertThat(checkout.metadata().namespace()).isEqualTo("default");
    assertThat(checkout.specString("type")).isEqualTo("service");
    assertThat(checkout.toJson().has("relations")).isTrue();
    assertThat(store.size()).isEqualTo(ALL_REFS.size());
  }

  @Test
  void deferredRestitchWaitsUntilAskedAndSurvivesInTheStore() {
    Entity team = entity("Group", "default", "team-z", "", "{'type':'team','children':[]}");
    Entity svc = entity("Component", "default", "svc-z", "",
        "{'type':'service','lifecycle':'production','owner':'team-z'}");
    store.write(new WriteBatch().upsert(team, BuiltinRelations.of(team)));
    WriteResult r = store.write(new WriteBatch().deferRestitch().upsert(svc, BuiltinRelations.of(svc)));
    assertThat(r.added()).containsExactly(ref("component:default/svc-z"));
    assertThat(r.changed()).isEmpty();
    assertThat(get("group:default/team-z").relations()).isEmpty();
    assertThat(get("component:default/svc-z").relations()).hasSize(1);
    assertThat(store.deferredCount()).isEqualTo(1);

    WriteResult again = store.restitchDeferred(10);
    assertThat(again.changed()).containsExactly(ref("group:default/team-z"));
    assertThat(get("group:default/team-z").relations())
        .extracting(rel -> rel.type() + " " + rel.targetRef())
        .containsExactly("ownerOf component:default/svc-z");
    assertThat(store.deferredCount()).isZero();
    assertThat(store.restitchDeferred(10).isEmpty()).isTrue();
  }

  @Test
  void stitchingOrDeletingADeferredEntityClearsIt() {
    Entity team = entity("Group", "default", "team-y", "", "{'type':'team','children':[]}");
    Entity svc = entity("Component", "default", "svc-y", "",
        "{'type':'service','lifecycle':'production','owner':'team-y'}");
    store.write(new WriteBatch().upsert(team, BuiltinRelations.of(team)));
    store.write(new WriteBatch().deferRestitch().upsert(svc, BuiltinRelations.of(svc)));
    assertThat(store.deferredCount()).isEqualTo(1);
    store.write(new WriteBatch().upsert(team, BuiltinRelations.of(team)));
    assertThat(store.deferredCount()).isZero();
    assertThat(get("group:default/team-y").relations()).hasSize(1);

    store.write(new WriteBatch().deferRestitch().delete(ref("component:default/svc-y")));
    assertThat(store.deferredCount()).isEqualTo(1);
    store.write(new WriteBatch().delete(ref("group:default/team-y")));
    assertThat(store.deferredCount()).isZero();
  }

  @Test
  void emptyStoreHasNothing() {
    assertThat(store.size()).isZero();
    assertThat(store.get(ref("component:default/checkout"))).isEmpty();
    assertThat(scanRefs(EntityPredicate.matchAll())).isEmpty();
    assertThat(store.count(ScanRequest.of(EntityPredicate.matchAll(), 10))).isZero();
    assertThat(store.write(new WriteBatch()).isEmpty()).isTrue();
  }

  @Test
  void namespaceDefaultsWhenMissing() {
    write(entity("{'apiVersion':'v1','kind':'Component','metadata':{'name':'bare'},'spec':{}}"));
    Entity e = get("component:default/bare");
    assertThat(e.toJson().path("metadata").path("namespace").stringValue()).isEqualTo("default");
  }

  @Test
  void getIgnoresCaseOfRef() {
    writeFixture();
    assertThat(store.get(ref("COMPONENT:OPS/tooling"))).isPresent();
    assertThat(store.get(ref("Component:ops/TOOLING")).orElseThrow().metadata().name())
        .isEqualTo("Tooling");
    assertThat(store.get(ref("component:default/tooling"))).isEmpty();
  }

  @Test
  void getByUidFindsTheEntity() {
    writeFixture();
    Entity alice = get("user:default/alice");
    assertThat(store.getByUid(alice.metadata().uid())).contains(alice);
    assertThat(store.getByUid("no-such-uid")).isEmpty();
  }

  @Test
  void getAllKeepsOrderAndLengthWithNullsForUnknown() {
    writeFixture();
    List<@Nullable Entity> all =
        store.getAll(
            List.of(
                ref("user:default/bob"),
                ref("component:default/nope"),
                ref("USER:default/Alice"),
                ref("user:default/bob")));
    assertThat(all).hasSize(4);
    assertThat(all.get(0).ref().toString()).isEqualTo("user:default/bob");
    assertThat(all.get(1)).isNull();
    assertThat(all.get(2).ref().toString()).isEqualTo("user:default/alice");
    assertThat(all.get(3)).isEqualTo(all.get(0));
    assertThat(store.getAll(List.of())).isEmpty();
  }

  @Test
  void uidIsStableAcrossUpdates() {
    writeFixture();
    Entity before = get("component:default/website");
    write(entity("Component", "default", "website", "", "{'type':'website','owner':'team-a'}"));
    Entity after = get("component:default/website");
    assertThat(after.metadata().uid()).isEqualTo(before.metadata().uid());
    assertThat(after.specString("owner")).isEqualTo("team-a");
  }

  @Test
  void newEntityKeepsItsOwnUid() {
    write(entity("Component", "default", "x", "'uid':'my-own-uid'", "{}"));
    assertThat(get("component:default/x").metadata().uid()).isEqualTo("my-own-uid");
    assertThat(store.getByUid("my-own-uid")).isPresent();
  }

  @Test
  void stitchesAnUpsertFromItsProcessingInputsOnce() {
    Entity processed = entity("Component", "default", "x",
        "'annotations':{'backstage.io/view-url':'javascript:alert(1)'}",
        "{'type':'service','owner':'team-a'}");
    WriteBatch.Upsert up = new WriteBatch.Upsert(processed, BuiltinRelations.of(processed),
        "state-id-x", true, List.of(StatusItem.processingError("InputError", "bad")));
    assertThat(store.write(new WriteBatch().upsert(up)).added()).containsExactly(ref("component:default/x"));
    Entity x = get("component:default/x");
    assertThat(x.metadata().uid()).isEqualTo("state-id-x");
    assertThat(x.metadata().annotation("backstage.io/orphan")).isEqualTo("true");
    assertThat(x.metadata().annotation("backstage.io/view-url"))
        .isEqualTo("https://backstage.io/annotation-rejected-for-security-reasons");
    assertThat(x.statusItems()).extracting(StatusItem::message).containsExactly("InputError: bad");
    assertThat(x.relations()).extracting(r -> r.type() + " " + r.targetRef())
        .containsExactly("ownedBy group:default/team-a");
    // re-stitched through a relation another entity emits: relations and etag change, the rest,
    // uid included, stays as the upsert's stitch made it (errors not appended twice)
    write(entity("Component", "default", "y", "", "{'type':'service','dependsOn':['component:x']}"));
    Entity again = get("component:default/x");
    assertThat(again.relations()).extracting(r -> r.type() + " " + r.targetRef())
        .containsExactly("dependencyOf component:default/y", "ownedBy group:default/team-a");
    assertThat(again.metadata().etag()).isNotEqualTo(x.metadata().etag());
    assertThat(withoutRelationsAndEtag(again)).isEqualTo(withoutRelationsAndEtag(x));
    // the same inputs again: nothing changes
    assertThat(store.write(new WriteBatch().upsert(up)).isEmpty()).isTrue();
    assertThat(store.getByUid("state-id-x")).contains(again);
  }

  private static tools.jackson.databind.node.ObjectNode withoutRelationsAndEtag(Entity e) {
    tools.jackson.databind.node.ObjectNode json = e.toJson();
    json.remove("relations");
    ((tools.jackson.databind.node.ObjectNode) json.get("metadata")).remove("etag");
    return json;
  }

  @Test
  void aGivenUidReplacesTheStoredOne() {
    Entity x = entity("Component", "default", "x", "", "{'type':'service'}");
    write(x);
    String before = get("component:default/x").metadata().uid();
    store.write(new WriteBatch().upsert(new WriteBatch.Upsert(x, List.of(), "state-id-2", false,
        List.of())));
    assertThat(get("component:default/x").metadata().uid()).isEqualTo("state-id-2");
    assertThat(store.getByUid("state-id-2")).isPresent();
    assertThat(store.getByUid(before)).isEmpty();
    write(x); // no uid given: the stored one stays
    assertThat(get("component:default/x").metadata().uid()).isEqualTo("state-id-2");
  }

  @Test
  void uidsAreDistinct() {
    writeFixture();
    Set<String> uids = new HashSet<>();
    for (String r : ALL_REFS) {
      uids.add(get(r).metadata().uid());
    }
    assertThat(uids).hasSize(ALL_REFS.size());
  }

  @Test
  void etagChangesOnlyWhenContentChanges() {
    writeFixture();
    String etag = get("component:default/website").metadata().etag();
    String teamBEtag = get("group:default/team-b").metadata().etag();
    writeFixture();
    assertThat(get("component:default/website").metadata().etag()).isEqualTo(etag);
    write(entity("Component", "default", "website", "", "{'type':'website','owner':'team-b','x':1}"));
    String changed = get("component:default/website").metadata().etag();
    assertThat(changed).isNotEqualTo(etag);
    // a new relation emitted by another entity changes team-b's final form, hence its etag
    write(entity("Component", "default", "newcomer", "", "{'type':'service','owner':'team-b'}"));
    assertThat(get("group:default/team-b").metadata().etag()).isNotEqualTo(teamBEtag);
  }

  @Test
  void unchangedRewriteGivesEmptyWriteResult() {
    writeFixture();
    assertThat(write(fixture()).isEmpty()).isTrue();
    // also when the rewritten entity carries the stored uid, etag and relations
    Entity stored = get("component:default/checkout");
    WriteBatch batch = new WriteBatch().upsert(stored, BuiltinRelations.of(stored));
    assertThat(store.write(batch).isEmpty()).isTrue();
  }

  @Test
  void writeResultReportsChangedPeersAndRemovals() {
    writeFixture();
    WriteResult r =
        write(
            entity(
                "Component",
                "default",
                "website",
                "",
                "{'type':'website','owner':'team-a','consumesApis':['payments-api']}"));
    assertThat(r.added()).isEmpty();
    assertThat(r.changed())
        .extracting(EntityRef::toString)
        .containsExactlyInAnyOrder(
            "component:default/website", "group:default/team-a", "group:default/team-b");
    WriteResult d = store.write(new WriteBatch().delete(ref("user:default/bob")));
    assertThat(d.removed()).extracting(EntityRef::toString).containsExactly("user:default/bob");
    assertThat(d.changed()).extracting(EntityRef::toString).containsExactly("group:default/team-b");
    assertThat(store.size()).isEqualTo(ALL_REFS.size() - 1);
  }

  @Test
  void deleteOfUnknownRefIsANoOp() {
    writeFixture();
    WriteResult r = store.write(new WriteBatch().delete(ref("component:default/ghost")));
    assertThat(r.isEmpty()).isTrue();
    assertThat(store.size()).isEqualTo(ALL_REFS.size());
  }

  @Test
  void laterOperationsOnTheSameRefWin() {
    Entity a = entity("Component", "default", "a", "", "{'type':'one'}");
    Entity a2 = entity("Component", "default", "a", "", "{'type':'two'}");
    store.write(
        new WriteBatch().upsert(a, List.of()).upsert(a2, List.of()).upsert(entity("Component", "default", "b", "", "{}"), List.of()).delete(ref("component:default/b")));
    assertThat(get("component:default/a").specString("type")).isEqualTo("two");
    assertThat(store.get(ref("component:default/b"))).isEmpty();
    store.write(new WriteBatch().delete(ref("component:default/a")).upsert(a, List.of()));
    assertThat(get("component:default/a").specString("type")).isEqualTo("one");
  }

  // ---------------------------------------------------------------- relations

  @Test
  void relationsAreStitchedFromOwnAndOtherEmittersSortedByTypeThenTarget() {
    writeFixture();
    assertThat(get("group:default/team-a").relations())
        .containsExactly(
            new Relation("childOf", ref("group:default/org")),
            new Relation("hasMember", ref("user:default/alice")),
            new Relation("ownerOf", ref("api:default/payments-api")),
            new Relation("ownerOf", ref("component:default/checkout")),
            new Relation("ownerOf", ref("component:ops/tooling")),
            new Relation("ownerOf", ref("system:default/payments")));
    // org emits parentOf team-a and team-a emits childOf org: both ways, each once
    assertThat(get("group:default/org").relations())
        .containsExactly(
            new Relation("parentOf", ref("group:default/team-a")),
            new Relation("parentOf", ref("group:default/team-b")));
    assertThat(get("api:default/payments-api").relations())
        .containsExactly(
            new Relation("apiConsumedBy", ref("component:default/ledger")),
            new Relation("apiConsumedBy", ref("component:default/website")),
            new Relation("apiProvidedBy", ref("component:default/checkout")),
            new Relation("ownedBy", ref("group:default/team-a")),
            new Relation("partOf", ref("system:default/payments")));
    assertThat(get("system:default/payments").relations())
        .containsExactly(
            new Relation("hasPart", ref("api:default/payments-api")),
            new Relation("hasPart", ref("component:default/checkout")),
            new Relation("ownedBy", ref("group:default/team-a")));
  }

  @Test
  void relationsArrayIsPresentEvenWhenEmpty() {
    write(entity("Component", "default", "lonely", "", "{}"));
    Entity e = get("component:default/lonely");
    assertThat(e.toJson().get("relations").isArray()).isTrue();
    assertThat(e.relations()).isEmpty();
  }

  @Test
  void inverseEdgesWrittenBeforeTheirSourceExistsAppearWhenItArrives() {
    Entity website = entity("Component", "default", "website", "", "{'type':'website','owner':'team-b'}");
    write(website);
    assertThat(store.get(ref("group:default/team-b"))).isEmpty();
    write(entity("Group", "default", "team-b", "", "{'type':'team'}"));
    assertThat(get("group:default/team-b").relations())
        .containsExactly(new Relation("ownerOf", ref("component:default/website")));
  }

  @Test
  void danglingTargetsAreAllowed() {
    writeFixture();
    assertThat(get("component:default/checkout").relations())
        .contains(
            new Relation("dependsOn", ref("resource:default/db")),
            new Relation("dependsOn", ref("component:default/ledger")));
    assertThat(store.get(ref("resource:default/db"))).isEmpty();
  }

  @Test
  void deletingAnEmitterRemovesItsEdgesFromOtherEntities() {
    writeFixture();
    store.write(new WriteBatch().delete(ref("component:default/checkout")));
    assertThat(store.get(ref("component:default/checkout"))).isEmpty();
    assertThat(get("group:default/team-a").relations())
        .doesNotContain(new Relation("ownerOf", ref("component:default/checkout")));
    assertThat(get("api:default/payments-api").relations())
        .doesNotContain(new Relation("apiProvidedBy", ref("component:default/checkout")));
    assertThat(legacy("relations.ownerof=component:default/checkout")).isEmpty();
    assertThat(store.relationsTo(List.of(ref("component:default/checkout")))).isEmpty();
  }

  @Test
  void edgeEmittedByTwoEntitiesSurvivesTheDeleteOfOne() {
    writeFixture();
    // org emits parentOf team-a; team-a emits childOf org and (by its parent) parentOf from org
    store.write(new WriteBatch().delete(ref("group:default/team-a")));
    assertThat(get("group:default/org").relations())
        .contains(new Relation("parentOf", ref("group:default/team-a")));
    write(entity("Group", "default", "org", "", "{'type':'organization','children':['team-b']}"));
    assertThat(get("group:default/org").relations())
        .containsExactly(new Relation("parentOf", ref("group:default/team-b")));
  }

  @Test
  void relationsFromAndToReturnStitchedEdges() {
    writeFixture();
    assertThat(store.relationsFrom(List.of(ref("group:default/team-a"))))
        .containsExactlyInAnyOrderElementsOf(edgesOf(get("group:default/team-a")));
    List<RelationEdge> from =
        store.relationsFrom(List.of(ref("user:default/alice"), ref("GROUP:default/org")));
    List<RelationEdge> expected = new ArrayList<>(edgesOf(get("user:default/alice")));
    expected.addAll(edgesOf(get("group:default/org")));
    assertThat(from).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(store.relationsTo(List.of(ref("api:default/payments-api"))))
        .containsExactlyInAnyOrder(
            edge("component:default/checkout", "providesApi", "api:default/payments-api"),
            edge("component:default/ledger", "consumesApi", "api:default/payments-api"),
            edge("component:default/website", "consumesApi", "api:default/payments-api"),
            edge("group:default/team-a", "ownerOf", "api:default/payments-api"),
            edge("system:default/payments", "hasPart", "api:default/payments-api"));
    // the parentOf edge org -> team-a is emitted twice (by org and by team-a) but stitched once
    assertThat(store.relationsTo(List.of(ref("group:default/team-a"))))
        .containsExactlyInAnyOrder(
            edge("group:default/org", "parentOf", "group:default/team-a"),
            edge("user:default/alice", "memberOf", "group:default/team-a"),
            edge("api:default/payments-api", "ownedBy", "group:default/team-a"),
            edge("component:default/checkout", "ownedBy", "group:default/team-a"),
            edge("component:ops/tooling", "ownedBy", "group:default/team-a"),
            edge("system:default/payments", "ownedBy", "group:default/team-a"));
    // dangling targets are reachable backwards; a missing source has no stitched edges
    assertThat(store.relationsTo(List.of(ref("resource:default/db"))))
        .containsExactly(edge("component:default/checkout", "dependsOn", "resource:default/db"));
    assertThat(store.relationsFrom(List.of(ref("resource:default/db")))).isEmpty();
    assertThat(store.relationsFrom(List.of())).isEmpty();
  }

  protected static RelationEdge edge(String source, String type, String target) {
    return new RelationEdge(ref(source), type, ref(target));
  }

  protected static List<RelationEdge> edgesOf(Entity e) {
    return e.relations().stream().map(r -> new RelationEdge(e.ref(), r.type(), r.targetRef())).toList();
  }

  // ---------------------------------------------------------------- atomicity

  @Test
  void failedBatchLeavesPriorStateIntact() {
    writeFixture();
    Map<String, Entity> before = new LinkedHashMap<>();
    for (String r : ALL_REFS) {
      before.put(r, get(r));
    }
    Entity changedCheckout =
        entity(
            "Component",
            "default",
            "checkout",
            "",
            "{'type':'batch','owner':'team-b','dependsOn':['component:newcomer']}");
    Entity newcomer = entity("Component", "default", "newcomer", "", "{'type':'batch','owner':'team-b'}");
    // Backstage refuses to stitch an entity with keys that differ only in case; its ref sorts
    // last, so that every other entity of the batch is stitched (and written) before it fails
    Entity broken =
        entity("Widget", "default", "broken", "'annotations':{'team':'x','Team':'y'}", "{'owner':'team-b'}");
    WriteBatch batch =
        new WriteBatch()
            .upsert(changedCheckout, BuiltinRelations.of(changedCheckout))
            .upsert(newcomer, BuiltinRelations.of(newcomer))
            .delete(ref("user:default/bob"))
            .upsert(broken, BuiltinRelations.of(broken));
    assertThatThrownBy(() -> store.write(batch)).isInstanceOf(StoreException.class);

    assertThat(store.size()).isEqualTo(ALL_REFS.size());
    for (String r : ALL_REFS) {
      assertThat(get(r)).as(r).isEqualTo(before.get(r));
      assertThat(store.getByUid(before.get(r).metadata().uid())).as(r).contains(before.get(r));
    }
    assertThat(store.get(ref("component:default/newcomer"))).isEmpty();
    assertThat(store.get(ref("widget:default/broken"))).isEmpty();
    assertThat(legacy("spec.type=batch")).isEmpty();
    assertThat(legacy("relations.ownedby=group:default/team-b"))
        .containsExactly("component:default/ledger", "component:default/website");
    assertThat(store.relationsTo(List.of(ref("component:default/newcomer")))).isEmpty();
    assertThat(store.relationsFrom(List.of(ref("group:default/team-b"))))
        .containsExactlyInAnyOrderElementsOf(edgesOf(before.get("group:default/team-b")));

    // the store still works, and the edges of the failed batch did not linger
    write(newcomer);
    assertThat(get("group:default/team-b").relations())
        .contains(new Relation("ownerOf", ref("component:default/newcomer")));
    assertThat(get("component:default/checkout")).isEqualTo(before.get("component:default/checkout"));
    assertThat(store.relationsTo(List.of(ref("component:default/newcomer"))))
        .containsExactly(edge("group:default/team-b", "ownerOf", "component:default/newcomer"));
  }

  @Test
  void keysDifferingOnlyInCaseAreRejected() {
    Entity broken =
        entity("Component", "default", "broken", "", "{'owner':'team-b','Owner':'team-a'}");
    assertThatThrownBy(() -> write(broken)).isInstanceOf(StoreException.class);
    assertThat(store.size()).isZero();
  }

  // ---------------------------------------------------------------- legacy filters

  @Test
  void legacyStatementsInOneSetAreAnded() {
    writeFixture();
    assertThat(legacy("kind=component,spec.type=service"))
        .containsExactly("component:default/checkout", "component:default/ledger");
  }

  @Test
  void legacyBareKeyTestsExistence() {
    writeFixture();
    assertThat(legacy("spec.lifecycle"))
        .containsExactly(
            "api:default/payments-api",
            "component:default/checkout",
            "component:default/ledger",
            "component:ops/tooling");
    assertThat(legacy("kind=user,spec.profile.displayName")).containsExactly("user:default/alice");
  }

  @Test
  void legacyRepeatedKeyInOneSetIsOr() {
    writeFixture();
    assertThat(legacy("kind=group,kind=user,metadata.namespace=default"))
        .containsExactly(
            "group:default/org",
            "group:default/team-a",
            "group:default/team-b",
            "user:default/alice",
            "user:default/bob");
  }

  @Test
  void legacySeveralSetsAreOr() {
    writeFixture();
    assertThat(legacy("kind=user", "kind=system", "metadata.name=nothing"))
        .containsExactly("system:default/payments", "user:default/alice", "user:default/bob");
  }

  @Test
  void legacyEmptyValueMatchesTheEmptyString() {
    writeFixture();
    assertThat(legacy("metadata.annotations.example.com/empty="))
        .containsExactly("component:default/checkout");
    assertThat(legacy("spec.type=")).isEmpty();
  }

  @Test
  void filtersIgnoreCaseOfKeysAndValues() {
    writeFixture();
    assertThat(legacy("KIND=Component,Spec.Type=SERVICE"))
        .containsExactly("component:default/checkout", "component:default/ledger");
    assertThat(legacy("metadata.name=tooling,metadata.namespace=OPS"))
        .containsExactly("component:ops/tooling");
    assertThat(legacy("metadata.title=team a")).containsExactly("group:default/team-a");
  }

  @Test
  void arrayElementsAreFilterableAsValuesAndAsKeys() {
    writeFixture();
    List<String> java =
        List.of("api:default/payments-api", "component:default/checkout", "component:default/ledger");
    assertThat(legacy("metadata.tags.java")).containsExactlyElementsOf(java);
    assertThat(legacy("metadata.tags.JAVA=true")).containsExactlyElementsOf(java);
    assertThat(legacy("metadata.tags=Java")).containsExactlyElementsOf(java);
    assertThat(legacy("spec.consumesapis=payments-api"))
        .containsExactly("component:default/ledger", "component:default/website");
  }

  @Test
  void relationsAreFilterable() {
    writeFixture();
    assertThat(legacy("relations.ownedby=group:default/team-a"))
        .containsExactly(
            "api:default/payments-api",
            "component:default/checkout",
            "component:ops/tooling",
            "system:default/payments");
    assertThat(legacy("relations.hasMember=User:default/Alice")).containsExactly("group:default/team-a");
    assertThat(legacy("relations.dependson")).containsExactly("component:default/checkout");
  }

  @Test
  void uidIsFilterable() {
    writeFixture();
    String uid = get("user:default/bob").metadata().uid();
    assertThat(legacy("metadata.uid=" + uid)).containsExactly("user:default/bob");
  }

  // ---------------------------------------------------------------- predicates

  @Test
  void predicateAllAnyNot() {
    writeFixture();
    assertThat(predicate("{'$all':[{'kind':'component'},{'$not':{'spec.type':'service'}}]}"))
        .containsExactly("component:default/website", "component:ops/tooling");
    assertThat(predicate("{'$any':[{'kind':'user'},{'metadata.name':'payments'}]}"))
        .containsExactly("system:default/payments", "user:default/alice", "user:default/bob");
    assertThat(predicate("{'kind':'component','spec.owner':'team-b'}"))
        .containsExactly("component:default/ledger", "component:default/website");
    assertThat(predicate("{'$not':{'kind':{'$in':['component','group','user']}}}"))
        .containsExactly("api:default/payments-api", "system:default/payments");
  }

  @Test
  void predicateInExistsHasPrefix() {
    writeFixture();
    assertThat(predicate("{'spec.lifecycle':{'$in':['production','Experimental']}}"))
        .containsExactly(
            "api:default/payments-api", "component:default/checkout", "component:default/ledger");
    assertThat(predicate("{'kind':'component','spec.lifecycle':{'$exists':false}}"))
        .containsExactly("component:default/website");
    assertThat(predicate("{'spec.profile.displayname':{'$exists':true}}"))
        .containsExactly("user:default/alice");
    assertThat(predicate("{'metadata.name':{'$hasPrefix':'PAY'}}"))
        .containsExactly("api:default/payments-api", "system:default/payments");
    assertThat(predicate("{'metadata.name':{'$hasPrefix':''}}")).hasSize(ALL_REFS.size());
    assertThat(predicate("{'spec.type':{'$in':[]}}")).isEmpty();
  }

  @Test
  void predicateNumbersAndBooleansCompareAsStrings() {
    write(entity("Component", "default", "n", "", "{'replicas':3,'public':true}"));
    assertThat(predicate("{'spec.replicas':3}")).containsExactly("component:default/n");
    assertThat(predicate("{'spec.public':'TRUE'}")).containsExactly("component:default/n");
    assertThat(predicate("{'spec.public':false}")).isEmpty();
  }

  @Test
  void predicateContainsOnArraysAndRelations() {
    writeFixture();
    assertThat(predicate("{'metadata.tags':{'$contains':'kotlin'}}"))
        .containsExactly("component:default/ledger");
    assertThat(
            predicate(
                "{'relations':{'$contains':{'type':'ownedBy','targetRef':'group:default/team-b'}}}"))
        .containsExactly("component:default/ledger", "component:default/website");
    assertThat(predicate("{'relations':{'$contains':{'type':'dependsOn'}}}"))
        .containsExactly("component:default/checkout");
    assertThat(
            predicate(
                "{'relations':{'$contains':{'type':'memberOf','targetRef':"
                    + "{'$in':['group:default/team-a','group:default/team-b']}}}}"))
        .containsExactly("user:default/alice", "user:default/bob");
  }

  @Test
  void emptyAllMatchesEverythingAndEmptyAnyNothing() {
    writeFixture();
    assertThat(predicate("{'$all':[]}")).containsExactlyElementsOf(ALL_REFS);
    assertThat(predicate("{}")).containsExactlyElementsOf(ALL_REFS);
    assertThat(predicate("{'$any':[]}")).isEmpty();
    assertThat(predicate("{'$not':{'$any':[]}}")).containsExactlyElementsOf(ALL_REFS);
    assertThat(scanRefs(EntityFilters.parseLegacy(List.of()))).containsExactlyElementsOf(ALL_REFS);
  }

  @Test
  void longValuesExistButNeverMatchEqualityPrefixOrSort() {
    writeFixture();
    assertThat(predicate("{'metadata.description':{'$exists':true}}"))
        .containsExactly("component:default/ledger", "component:default/website");
    assertThat(predicate("{'metadata.description':'" + LONG_DESCRIPTION + "'}")).isEmpty();
    assertThat(predicate("{'metadata.description':{'$hasPrefix':'xxx'}}")).isEmpty();
    assertThat(
            refs(scan(kinds("component"), List.of(SortField.asc("metadata.description")), true, null, 0, 10)))
        .containsExactly("component:default/website");
    assertThat(
            refs(scan(kinds("component"), List.of(SortField.asc("metadata.description")), false, null, 0, 10)))
        .containsExactly(
            "component:default/website",
            "component:default/checkout",
            "component:default/ledger",
            "component:ops/tooling");
  }

  // ---------------------------------------------------------------- ordering

  @Test
  void defaultOrderIsByRef() {
    writeFixture();
    assertThat(scanRefs(EntityPredicate.matchAll())).containsExactlyElementsOf(ALL_REFS);
  }

  @Test
  void orderAscendingBreaksTiesByRefAscending() {
    writeFixture();
    assertThat(refs(scan(EntityPredicate.matchAll(), List.of(SortField.asc("kind")), false, null, 0, 100)))
        .containsExactlyElementsOf(ALL_REFS);
    assertThat(refs(scan(kinds("component"), List.of(SortField.asc("metadata.name")), false, null, 0, 100)))
        .containsExactly(
            "component:default/checkout",
            "component:default/ledger",
            "component:ops/tooling",
            "component:default/website");
  }

  @Test
  void orderDescendingBreaksTiesByRefDescending() {
    writeFixture();
    List<String> reversed = new ArrayList<>(ALL_REFS);
    java.util.Collections.reverse(reversed);
    assertThat(refs(scan(EntityPredicate.matchAll(), List.of(SortField.desc("KIND")), false, null, 0, 100)))
        .containsExactlyElementsOf(reversed);
  }

  @Test
  void missingSortValuesComeLastInBothDirections() {
    writeFixture();
    EntityPredicate f = kinds("component", "api");
    assertThat(refs(scan(f, List.of(SortField.asc("spec.lifecycle")), false, null, 0, 100)))
        .containsExactly(
            "component:ops/tooling",
            "component:default/ledger",
            "api:default/payments-api",
            "component:default/checkout",
            "component:default/website");
    assertThat(refs(scan(f, List.of(SortField.desc("spec.lifecycle")), false, null, 0, 100)))
        .containsExactly(
            "component:default/checkout",
            "api:default/payments-api",
            "component:default/ledger",
            "component:ops/tooling",
            "component:default/website");
  }

  @Test
  void requireSortValueExcludesEntitiesWithoutOne() {
    writeFixture();
    EntityPredicate f = kinds("component", "api");
    assertThat(refs(scan(f, List.of(SortField.asc("spec.lifecycle")), true, null, 0, 100)))
        .containsExactly(
            "component:ops/tooling",
            "component:default/ledger",
            "api:default/payments-api",
            "component:default/checkout");
    assertThat(store.count(new ScanRequest(f, null, List.of(SortField.asc("spec.lifecycle")), true, null, 0, 1)))
        .isEqualTo(4);
    assertThat(store.count(new ScanRequest(f, null, List.of(SortField.asc("spec.lifecycle")), false, null, 0, 1)))
        .isEqualTo(5);
  }

  @Test
  void sortValueIsTheSmallestOfSeveral() {
    writeFixture();
    EntityPredicate f = kinds("component");
    // checkout [java, payments] -> java; ledger [Java, kotlin] -> java; tooling [go]; website none
    assertThat(refs(scan(f, List.of(SortField.asc("metadata.tags")), false, null, 0, 100)))
        .containsExactly(
            "component:ops/tooling",
            "component:default/checkout",
            "component:default/ledger",
            "component:default/website");
    assertThat(refs(scan(f, List.of(SortField.desc("metadata.tags")), false, null, 0, 100)))
        .containsExactly(
            "component:default/ledger",
            "component:default/checkout",
            "component:ops/tooling",
            "component:default/website");
  }

  @Test
  void severalSortFieldsApplyInTurn() {
    writeFixture();
    assertThat(
            refs(
                scan(
                    kinds("component"),
                    List.of(SortField.asc("spec.type"), SortField.desc("metadata.name")),
                    false,
                    null,
                    0,
                    100)))
        .containsExactly(
            "component:ops/tooling",
            "component:default/ledger",
            "component:default/checkout",
            "component:default/website");
  }

  @Test
  void positionsDescribeEachRow() {
    writeFixture();
    ScanResult r = scan(kinds("component"), List.of(SortField.asc("spec.lifecycle")), false, null, 0, 100);
    assertThat(r.positions())
        .containsExactly(
            new ScanRequest.Keyset("deprecated", "component:ops/tooling"),
            new ScanRequest.Keyset("experimental", "component:default/ledger"),
            new ScanRequest.Keyset("production", "component:default/checkout"),
            new ScanRequest.Keyset(null, "component:default/website"));
    ScanResult unsorted = scan(kinds("user"), List.of(), false, null, 0, 100);
    assertThat(unsorted.positions())
        .containsExactly(
            new ScanRequest.Keyset(null, "user:default/alice"),
            new ScanRequest.Keyset(null, "user:default/bob"));
    assertThat(unsorted.last()).isEqualTo(new ScanRequest.Keyset(null, "user:default/bob"));
  }

  // ---------------------------------------------------------------- paging

  @Test
  void keysetPagingForwardVisitsEveryEntityOnce() {
    writeFixture();
    for (List<SortField> sort :
        List.of(
            List.<SortField>of(),
            List.of(SortField.asc("kind")),
            List.of(SortField.desc("kind")),
            List.of(SortField.asc("spec.lifecycle")),
            List.of(SortField.desc("spec.lifecycle")),
            List.of(SortField.asc("metadata.tags")))) {
      for (boolean require : new boolean[] {false, true}) {
        List<String> all = refs(scan(EntityPredicate.matchAll(), sort, require, null, 0, 100));
        for (int pageSize = 1; pageSize <= 4; pageSize++) {
          assertThat(pageThrough(sort, require, pageSize))
              .as("sort %s require %s page %d", sort, require, pageSize)
              .containsExactlyElementsOf(all);
        }
      }
    }
  }

  private List<String> pageThrough(List<SortField> sort, boolean require, int pageSize) {
    List<String> seen = new ArrayList<>();
    ScanRequest.Keyset after = null;
    for (int guard = 0; guard < 100; guard++) {
      ScanResult page = scan(EntityPredicate.matchAll(), sort, require, after, 0, pageSize);
      seen.addAll(refs(page));
      if (page.entities().size() < pageSize) {
        return seen;
      }
      after = page.last();
    }
    throw new AssertionError("paging did not end");
  }

  @Test
  void keysetPagingBackwardReversesTheSortAndPassesTheKeyset() {
    writeFixture();
    List<SortField> asc = List.of(SortField.asc("kind"));
    List<String> all = refs(scan(EntityPredicate.matchAll(), asc, true, null, 0, 100));
    ScanResult forward = scan(EntityPredicate.matchAll(), asc, true, null, 0, 100);
    ScanRequest.Keyset at = forward.positions().get(7); // group:default/team-b
    ScanResult back = scan(EntityPredicate.matchAll(), List.of(SortField.desc("kind")), true, at, 0, 3);
    assertThat(refs(back)).containsExactly(all.get(6), all.get(5), all.get(4));
    ScanResult none =
        scan(EntityPredicate.matchAll(), List.of(SortField.desc("kind")), true, forward.positions().get(0), 0, 3);
    assertThat(none.entities()).isEmpty();
  }

  @Test
  void keysetIsExclusiveAndNeedNotBeAStoredPosition() {
    writeFixture();
    List<SortField> byName = List.of(SortField.asc("metadata.name"));
    ScanResult r =
        scan(kinds("component"), byName, true, new ScanRequest.Keyset("ledger", "component:default/ledger"), 0, 10);
    assertThat(refs(r)).containsExactly("component:ops/tooling", "component:default/website");
    ScanResult between =
        scan(kinds("component"), byName, true, new ScanRequest.Keyset("m", "a:a/a"), 0, 10);
    assertThat(refs(between)).containsExactly("component:ops/tooling", "component:default/website");
    ScanResult byRef =
        scan(EntityPredicate.matchAll(), List.of(), false, new ScanRequest.Keyset(null, "group:default/team-b"), 0, 2);
    assertThat(refs(byRef)).containsExactly("system:default/payments", "user:default/alice");
  }

  @Test
  void offsetAndLimitWindowTheOrder() {
    writeFixture();
    assertThat(refs(scan(EntityPredicate.matchAll(), List.of(), false, null, 2, 3)))
        .containsExactlyElementsOf(ALL_REFS.subList(2, 5));
    assertThat(refs(scan(EntityPredicate.matchAll(), List.of(), false, null, 0, 0))).isEmpty();
    assertThat(refs(scan(EntityPredicate.matchAll(), List.of(), false, null, 50, 10))).isEmpty();
    assertThat(refs(scan(EntityPredicate.matchAll(), List.of(), false, null, 9, 10)))
        .containsExactlyElementsOf(ALL_REFS.subList(9, 11));
    // offset counts after the keyset
    ScanResult r =
        scan(EntityPredicate.matchAll(), List.of(), false, new ScanRequest.Keyset(null, ALL_REFS.get(1)), 2, 2);
    assertThat(refs(r)).containsExactlyElementsOf(ALL_REFS.subList(4, 6));
  }

  // ---------------------------------------------------------------- full text and counts

  @Test
  void fullTextMatchesASubstringOfAnyListedField() {
    writeFixture();
    assertThat(fullText("PAY", "metadata.name"))
        .containsExactly("api:default/payments-api", "system:default/payments");
    assertThat(fullText("team-b", "spec.owner", "relations.ownedby"))
        .containsExactly("component:default/ledger", "component:default/website");
    assertThat(fullText("eam-", "Relations.OwnedBy"))
        .containsExactly(
            "api:default/payments-api",
            "component:default/checkout",
            "component:default/ledger",
            "component:default/website",
            "component:ops/tooling",
            "system:default/payments");
    assertThat(fullText("zzz", "metadata.name")).isEmpty();
    assertThat(fullText("java", "metadata.description")).isEmpty();
    ScanRequest req =
        new ScanRequest(
            kinds("component"), new FullTextFilter("  e  ", List.of("metadata.name")), List.of(SortField.desc("metadata.name")), true, null, 0, 10);
    assertThat(refs(store.scan(req)))
        .containsExactly("component:default/website", "component:default/ledger", "component:default/checkout");
    assertThat(store.count(req)).isEqualTo(3);
  }

  private List<String> fullText(String term, String... fields) {
    return refs(
        store.scan(
            new ScanRequest(
                EntityPredicate.matchAll(), new FullTextFilter(term, List.of(fields)), List.of(), false, null, 0, 100)));
  }

  @Test
  void countIgnoresOffsetLimitAndKeyset() {
    writeFixture();
    assertThat(store.count(new ScanRequest(kinds("component"), null, List.of(), false, new ScanRequest.Keyset(null, "component:default/ledger"), 1, 1)))
        .isEqualTo(4);
    assertThat(store.count(ScanRequest.of(EntityPredicate.matchAll(), 0))).isEqualTo(ALL_REFS.size());
    assertThat(store.count(ScanRequest.of(EntityFilters.parseLegacy(List.of("kind=nothing")), 10))).isZero();
  }

  // ---------------------------------------------------------------- facets

  @Test
  void facetsCountEntitiesPerOriginalValueOrderedByValue() {
    writeFixture();
    Map<String, List<FacetCount>> f =
        store.facets(List.of("kind", "Spec.Lifecycle", "no.such.key"), EntityPredicate.matchAll());
    assertThat(f.keySet()).containsExactlyInAnyOrder("kind", "Spec.Lifecycle", "no.such.key");
    assertThat(f.get("kind"))
        .containsExactly(
            new FacetCount("API", 1),
            new FacetCount("Component", 4),
            new FacetCount("Group", 3),
            new FacetCount("System", 1),
            new FacetCount("User", 2));
    assertThat(f.get("Spec.Lifecycle"))
        .containsExactly(
            new FacetCount("deprecated", 1), new FacetCount("experimental", 1), new FacetCount("production", 2));
    assertThat(f.get("no.such.key")).isEmpty();
  }

  @Test
  void facetsCountArraysOncePerElementAndKeepCaseDistinctValues() {
    writeFixture();
    List<FacetCount> tags = store.facets(List.of("metadata.tags"), EntityPredicate.matchAll()).get("metadata.tags");
    // "Java" and "java" are separate facet values although filters treat them as equal
    assertThat(tags)
        .containsExactlyInAnyOrder(
            new FacetCount("Java", 1),
            new FacetCount("go", 1),
            new FacetCount("java", 2),
            new FacetCount("kotlin", 1),
            new FacetCount("payments", 1),
            new FacetCount("rest", 1));
  }

  @Test
  void searchValuesWithControlCharactersAndBackslashesAreKeptAsWritten() {
    // the characters a bulk path's text format must escape (PostgreSQL's COPY), and its markers
    List<String> values = List.of("tab\there", "line\nbreak", "carriage\rreturn", "back\\slash",
        "\\N", "\\.", "a\\tb", "\u00fcn\u00efc\u00f8d\u00e9 \u20ac");
    WriteBatch batch = new WriteBatch();
    for (int i = 0; i < values.size(); i++) {
      ObjectNode json = Json.object().put("apiVersion", "backstage.io/v1alpha1").put("kind", "Component");
      json.putObject("metadata").put("name", "odd-" + i).put("namespace", "default");
      json.putObject("spec").put("flavour", values.get(i));
      batch.upsert(Entity.fromJson(json), List.of());
    }
    store.write(batch);
    for (int i = 0; i < values.size(); i++) {
      assertThat(scanRefs(EntityPredicate.eq("spec.flavour", values.get(i))))
          .as("spec.flavour = %s", values.get(i))
          .containsExactly("component:default/odd-" + i);
    }
    assertThat(store.facets(List.of("spec.flavour"), EntityPredicate.matchAll()).get("spec.flavour"))
        .containsExactlyInAnyOrderElementsOf(values.stream().map(v -> new FacetCount(v, 1)).toList());
  }

  @Test
  void facetsLeaveOutNullValuesAndHonourTheFilter() {
    writeFixture();
    Map<String, List<FacetCount>> f =
        store.facets(List.of("metadata.description", "spec.type"), kinds("component"));
    assertThat(f.get("metadata.description")).containsExactly(new FacetCount("The public site", 1));
    assertThat(f.get("spec.type"))
        .containsExactly(new FacetCount("library", 1), new FacetCount("service", 2), new FacetCount("website", 1));
    assertThat(store.facets(List.of("kind"), EntityPredicate.any(List.of())).get("kind")).isEmpty();
  }

  // ---------------------------------------------------------------- model-based property

  /** An entity of a random catalog. */
  record Gen(
      String kind,
      String name,
      @Nullable String type,
      List<String> tags,
      @Nullable String owner,
      @Nullable String lifecycle) {
    Entity toEntity() {
      StringBuilder spec = new StringBuilder("{");
      List<String> parts = new ArrayList<>();
      if (type != null) {
        parts.add("'type':'" + type + "'");
      }
      if (owner != null) {
        parts.add("'owner':'" + owner + "'");
      }
      if (lifecycle != null) {
        parts.add("'lifecycle':'" + lifecycle + "'");
      }
      spec.append(String.join(",", parts)).append('}');
      String tagJson =
          tags.isEmpty() ? "" : "'tags':[" + String.join(",", tags.stream().map(t -> "'" + t + "'").toList()) + "]";
      return entity(kind, "default", name, tagJson, spec.toString());
    }
  }

  /** One random scan. */
  record Query(EntityPredicate filter, List<SortField> sort, boolean requireSortValue) {}

  @Provide
  Arbitrary<List<Gen>> catalogs() {
    Arbitrary<Gen> gen =
        Combinators.combine(
                Arbitraries.of("Component", "API", "Group"),
                Arbitraries.of("a", "b", "c", "d", "e", "f", "g", "h", "A-b"),
                Arbitraries.of("service", "Service", "website", "").injectNull(0.3),
                Arbitraries.of("java", "Java", "go", "rust").list().ofMaxSize(3),
                Arbitraries.of("team-a", "team-b", "group:default/a").injectNull(0.3),
                Arbitraries.of("production", "experimental").injectNull(0.4))
            .as(Gen::new);
    return gen.list().ofMaxSize(10);
  }

  private static final List<String> KEYS =
      List.of(
          "kind",
          "spec.type",
          "metadata.tags",
          "metadata.tags.java",
          "spec.owner",
          "relations.ownedby",
          "relations.ownerof",
          "spec.lifecycle",
          "metadata.name",
          "nothing.here");

  private static final List<String> VALUES =
      List.of(
          "component", "group", "service", "Website", "java", "go", "true", "team-a", "group:default/team-a",
          "component:default/a", "production", "a", "b", "", "gr");

  private Arbitrary<EntityPredicate> predicates(int depth) {
    Arbitrary<String> keys = Arbitraries.of(KEYS);
    Arbitrary<String> values = Arbitraries.of(VALUES);
    Arbitrary<EntityPredicate> field =
        Combinators.combine(keys, values, values.list().ofMaxSize(3), Arbitraries.integers().between(0, 4))
            .as(
                (k, v, vs, op) ->
                    switch (op) {
                      case 0, 1 -> EntityPredicate.eq(k, v);
                      case 2 -> EntityPredicate.in(k, vs);
                      case 3 -> EntityPredicate.exists(k, !v.isEmpty());
                      default -> EntityPredicate.hasPrefix(k, v);
                    });
    if (depth == 0) {
      return field;
    }
    Arbitrary<EntityPredicate> sub = Arbitraries.lazy(() -> predicates(depth - 1));
    return Arbitraries.frequencyOf(
        Tuple.of(4, field),
        Tuple.of(1, sub.list().ofMaxSize(3).map(EntityPredicate::all)),
        Tuple.of(1, sub.list().ofMaxSize(3).map(EntityPredicate::any)),
        Tuple.of(1, sub.map(EntityPredicate::not)));
  }

  @Provide
  Arbitrary<Query> queries() {
    Arbitrary<List<SortField>> sorts =
        Combinators.combine(
                Arbitraries.of("metadata.name", "spec.type", "metadata.tags", "spec.lifecycle", "kind"),
                Arbitraries.of(true, false))
            .as(SortField::new)
            .list()
            .ofMaxSize(2);
    return Combinators.combine(predicates(2), sorts, Arbitraries.of(true, false)).as(Query::new);
  }

  @Property(tries = 60)
  void scanAgreesWithTheModel(@ForAll("catalogs") List<Gen> catalog, @ForAll("queries") Query query) {
    try (EntityStore s = newStore()) {
      Map<EntityRef, Entity> unique = new LinkedHashMap<>();
      for (Gen g : catalog) {
        Entity e = g.toEntity();
        unique.putIfAbsent(e.ref(), e);
      }
      WriteBatch batch = new WriteBatch();
      unique.values().forEach(e -> batch.upsert(e, BuiltinRelations.of(e)));
      s.write(batch);

      List<Entity> finals = new ArrayList<>();
      for (EntityRef r : unique.keySet()) {
        finals.add(s.get(r).orElseThrow());
      }
      List<String> expected = modelScan(finals, query);
      ScanRequest req =
          new ScanRequest(query.filter(), null, query.sort(), query.requireSortValue(), null, 0, 1000);
      assertThat(refs(s.scan(req))).as("%s", query).containsExactlyElementsOf(expected);
      assertThat(s.count(req)).isEqualTo(expected.size());

      if (query.sort().size() <= 1) {
        List<String> paged = new ArrayList<>();
        ScanRequest.Keyset after = null;
        for (int guard = 0; guard < 50; guard++) {
          ScanResult page =
              s.scan(new ScanRequest(query.filter(), null, query.sort(), query.requireSortValue(), after, 0, 3));
          paged.addAll(refs(page));
          if (page.entities().size() < 3) {
            break;
          }
          after = page.last();
        }
        assertThat(paged).as("keyset paging %s", query).containsExactlyElementsOf(expected);
      }
    }
  }

  // ---------------------------------------------------------------- facets through writes

  /** One operation of a random write sequence: an upsert of {@code gen}, or a delete of its ref. */
  record FacetOp(Gen gen, boolean delete) {}

  /** A batch of a random write sequence, perhaps deferring re-stitches, perhaps followed by one. */
  record FacetStep(List<FacetOp> ops, boolean defer, boolean restitch) {}

  @Provide
  Arbitrary<List<FacetStep>> writeSequences() {
    Arbitrary<Gen> gen =
        Combinators.combine(
                Arbitraries.of("Component", "component", "API", "Group"),
                Arbitraries.of("a", "b", "c", "d", "A-b"),
                Arbitraries.of("service", "Service", "website", "", "x".repeat(201)).injectNull(0.3),
                Arbitraries.of("java", "Java", "go", "rust").list().ofMaxSize(3),
                Arbitraries.of("team-a", "team-b", "group:default/a", "a").injectNull(0.3),
                Arbitraries.of("production", "experimental").injectNull(0.4))
            .as(Gen::new);
    Arbitrary<FacetOp> op =
        Combinators.combine(gen, Arbitraries.integers().between(0, 3)).as((g, d) -> new FacetOp(g, d == 0));
    return Combinators.combine(op.list().ofMinSize(1).ofMaxSize(6), Arbitraries.of(true, false), Arbitraries.of(true, false))
        .as(FacetStep::new)
        .list()
        .ofMinSize(1)
        .ofMaxSize(6);
  }

  /** Facet keys the properties ask for: Backstage's picker keys, one other, one missing. */
  public static final List<String> FACET_KEYS =
      List.of(
          "kind", "metadata.namespace", "metadata.tags", "relations.ownedBy", "spec.lifecycle",
          "spec.owner", "spec.type");

  /** Filters the facet properties use: none, kind filters as the UI sends them, and others. */
  public static List<EntityPredicate> facetFilters() {
    return List.of(
        EntityPredicate.matchAll(),
        EntityFilters.parseLegacy(List.of("kind=component")),
        EntityFilters.parseLegacy(List.of("kind=group", "kind=API")),
        EntityPredicate.eq("kind", "Component"),
        EntityPredicate.in("kind", List.of("api", "nothing")),
        EntityPredicate.any(List.of()),
        EntityPredicate.eq("kind", ""),
        EntityFilters.parseLegacy(List.of("kind=component,spec.lifecycle=production")),
        EntityPredicate.not(EntityPredicate.eq("kind", "group")));
  }

  /**
   * Facets stay equal to those counted from the stored entities' search rows through random
   * upserts (changing kind case, types, tags, owners), deletes, deferred re-stitches and
   * re-stitches, for unfiltered facets, kind filters and other filters.
   */
  @Property(tries = 25)
  void facetsAgreeWithTheModelThroughWrites(@ForAll("writeSequences") List<FacetStep> steps) {
    try (EntityStore s = newStore()) {
      Set<EntityRef> known = new HashSet<>();
      for (FacetStep step : steps) {
        WriteBatch batch = new WriteBatch();
        if (step.defer()) {
          batch.deferRestitch();
        }
        for (FacetOp op : step.ops()) {
          Entity e = op.gen().toEntity();
          known.add(e.ref());
          if (op.delete()) {
            batch.delete(e.ref());
          } else {
            batch.upsert(e, BuiltinRelations.of(e));
          }
        }
        s.write(batch);
        if (step.restitch()) {
          s.restitchDeferred(100);
        }
        List<Entity> finals = new ArrayList<>();
        for (EntityRef r : known) {
          s.get(r).ifPresent(finals::add);
        }
        for (EntityPredicate f : facetFilters()) {
          assertThat(s.facets(FACET_KEYS, f)).as("%s after %s", f, steps).isEqualTo(modelFacets(finals, FACET_KEYS, f));
          List<String> other = List.of("relations.ownerOf", "spec.type");
          assertThat(s.facets(other, f)).as("%s", f).isEqualTo(modelFacets(finals, other, f));
          checkFacetPaths(s, FACET_KEYS, f);
          checkFacetPaths(s, List.of("spec.type"), f);
        }
      }
    }
  }

  /**
   * For a store that answers facets in more than one way (counts kept on write, or computed):
   * checks that the ways agree and that the fast one served what it should. Default: nothing.
   */
  protected void checkFacetPaths(EntityStore s, List<String> keys, EntityPredicate filter) {}

  /**
   * Facets counted naively from each entity's search rows: per key as given, the original values
   * of the matching entities with the number of entities holding each, ordered by value.
   */
  public static Map<String, List<FacetCount>> modelFacets(
      List<Entity> finals, List<String> keys, EntityPredicate filter) {
    Map<String, java.util.TreeMap<String, Long>> counts = new LinkedHashMap<>();
    keys.forEach(k -> counts.put(k, new java.util.TreeMap<>()));
    for (Entity e : finals) {
      List<SearchRow> rows = SearchIndex.rows(e);
      if (!EntityFilters.matches(filter, EntityFilters.indexOf(rows))) {
        continue;
      }
      for (String k : keys) {
        Set<String> seen = new HashSet<>();
        for (SearchRow r : rows) {
          if (r.key().equals(SearchIndex.normalize(k)) && r.originalValue() != null && seen.add(r.originalValue())) {
            counts.get(k).merge(r.originalValue(), 1L, Long::sum);
          }
        }
      }
    }
    Map<String, List<FacetCount>> out = new LinkedHashMap<>();
    counts.forEach((k, m) -> out.put(k, m.entrySet().stream().map(x -> new FacetCount(x.getKey(), x.getValue())).toList()));
    return out;
  }

  /** The documented order, computed naively from each entity's search rows. */
  static List<String> modelScan(List<Entity> finals, Query q) {
    record Row(String ref, List<@Nullable String> sortValues) {}
    List<Row> rows = new ArrayList<>();
    for (Entity e : finals) {
      List<SearchRow> search = SearchIndex.rows(e);
      if (!EntityFilters.matches(q.filter(), EntityFilters.indexOf(search))) {
        continue;
      }
      List<@Nullable String> values = new ArrayList<>();
      for (SortField f : q.sort()) {
        values.add(
            search.stream()
                .filter(r -> r.key().equals(f.field()) && r.value() != null)
                .map(SearchRow::value)
                .min(Comparator.naturalOrder())
                .orElse(null));
      }
      if (q.requireSortValue() && !q.sort().isEmpty() && values.get(0) == null) {
        continue;
      }
      rows.add(new Row(e.ref().toString(), values));
    }
    boolean firstDesc = !q.sort().isEmpty() && q.sort().get(0).descending();
    rows.sort(
        (a, b) -> {
          for (int i = 0; i < q.sort().size(); i++) {
            String x = a.sortValues().get(i);
            String y = b.sortValues().get(i);
            if (x == null || y == null) {
              if (x != y) {
                return x == null ? 1 : -1;
              }
              continue;
            }
            int c = x.compareTo(y);
            if (c != 0) {
              return q.sort().get(i).descending() ? -c : c;
            }
          }
          int c = a.ref().compareTo(b.ref());
          return firstDesc ? -c : c;
        });
    return rows.stream().map(Row::ref).toList();
  }
}
