package dev.greenroom.catalog.stitch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.Relation;
import dev.greenroom.catalog.model.StatusItem;
import dev.greenroom.catalog.store.WriteBatch;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** What one stitch makes of its inputs: every field of the final entity set in one place. */
class StitcherTest {
  static Entity entity(String singleQuotedJson) {
    return Entity.fromJson(Json.parse(singleQuotedJson.replace('\'', '"')));
  }

  static Entity component(String metadataExtra) {
    return entity("{'apiVersion':'backstage.io/v1alpha1','kind':'Component','metadata':{'name':'a'"
        + (metadataExtra.isEmpty() ? "" : "," + metadataExtra)
        + "},'spec':{'type':'service','owner':'team-a'}}");
  }

  static final List<Relation> OWNED_BY =
      List.of(new Relation("ownedBy", EntityRef.parse("group:default/team-a")));

  static WriteBatch.Upsert upsert(Entity e, String uid, boolean orphan, StatusItem... errors) {
    return new WriteBatch.Upsert(e, List.of(), uid, orphan, List.of(errors));
  }

  /** The hash Backstage's stitcher takes: SHA-1 of the stable JSON, without the etag. */
  static String expectedEtag(Entity e) {
    ObjectNode json = e.toJson();
    ((ObjectNode) json.get("metadata")).remove("etag");
    return Json.sha1Hex(Json.stableWrite(json));
  }

  @Test
  void theGivenUidWinsOverTheStoredOneAndTheEntitysOwn() {
    Entity stored = Stitcher.finalEntity(upsert(component(""), "old-state-id", false), null, OWNED_BY);
    Entity stitched = Stitcher.finalEntity(
        upsert(component("'uid':'from-the-file'"), "state-id", false), stored, OWNED_BY);
    assertThat(stitched.metadata().uid()).isEqualTo("state-id");
  }

  @Test
  void withoutAGivenUidTheStoredOneIsKeptElseTheEntitysOwnElseANewOne() {
    Entity stored = Stitcher.finalEntity(upsert(component(""), "stored-id", false), null, List.of());
    WriteBatch.Upsert plain = new WriteBatch.Upsert(component("'uid':'own'"), List.of());
    assertThat(Stitcher.finalEntity(plain, stored, List.of()).metadata().uid()).isEqualTo("stored-id");
    assertThat(Stitcher.finalEntity(plain, null, List.of()).metadata().uid()).isEqualTo("own");
    String fresh = Stitcher.finalEntity(new WriteBatch.Upsert(component(""), List.of()), null,
        List.of()).metadata().uid();
    assertThat(UUID.fromString(fresh).toString()).isEqualTo(fresh);
  }

  @Test
  void setsNamespaceRelationsAndAnEtagOverEverythingElse() {
    Entity e = Stitcher.finalEntity(upsert(component("'etag':'from-the-file'"), "id", false),
        null, OWNED_BY);
    assertThat(e.toJson().at("/metadata/namespace").asString()).isEqualTo("default");
    assertThat(e.relations()).containsExactlyElementsOf(OWNED_BY);
    assertThat(e.metadata().etag()).isEqualTo(expectedEtag(e)).isNotEqualTo("from-the-file");
    assertThat(e.metadata().annotation(Stitcher.ORPHAN_ANNOTATION)).isNull();
    assertThat(e.toJson().has("status")).isFalse();
  }

  @Test
  void marksOrphansWithOrWithoutAnnotations() {
    Entity bare = Stitcher.finalEntity(upsert(component(""), "id", true), null, List.of());
    assertThat(bare.metadata().annotation("backstage.io/orphan")).isEqualTo("true");
    Entity annotated = Stitcher.finalEntity(
        upsert(component("'annotations':{'x.io/y':'z'}"), "id", true), null, List.of());
    assertThat(annotated.metadata().annotations())
        .containsEntry("x.io/y", "z").containsEntry("backstage.io/orphan", "true");
  }

  @Test
  void appendsProcessingErrorsAfterTheEntitysOwnStatusItems() {
    Entity withStatus = entity("{'apiVersion':'backstage.io/v1alpha1','kind':'Component',"
        + "'metadata':{'name':'a'},'spec':{},'status':{'items':[{'type':'x.io/own',"
        + "'level':'info','message':'mine'}]}}");
    Entity e = Stitcher.finalEntity(upsert(withStatus, "id", false,
        StatusItem.processingError("InputError", "bad"),
        StatusItem.processingError("NotFoundError", "gone")), null, List.of());
    assertThat(e.statusItems()).extracting(StatusItem::type, StatusItem::message).containsExactly(
        org.assertj.core.groups.Tuple.tuple("x.io/own", "mine"),
        org.assertj.core.groups.Tuple.tuple(StatusItem.CATALOG_PROCESSING, "InputError: bad"),
        org.assertj.core.groups.Tuple.tuple(StatusItem.CATALOG_PROCESSING, "NotFoundError: gone"));
    assertThat(e.toJson().at("/status/items/1/error/name").asString()).isEqualTo("InputError");
  }

  @Test
  void replacesJavascriptViewAndEditUrlsAsBackstageDoes() {
    String[] rejected = {
      "javascript:alert(1)", "JavaScript:alert(1)", " \u0001javascript:x", "java\tscr\nipt:x",
    };
    for (String url : rejected) {
      ObjectNode ann = Json.object().put("backstage.io/view-url", url)
          .put("backstage.io/edit-url", url).put("backstage.io/source-location", url);
      Entity e = Stitcher.finalEntity(upsert(component("'annotations':" + ann), "id", false),
          null, List.of());
      assertThat(e.metadata().annotation("backstage.io/view-url")).as(url)
          .isEqualTo(Stitcher.REJECTED_URL);
      assertThat(e.metadata().annotation("backstage.io/edit-url")).as(url)
          .isEqualTo(Stitcher.REJECTED_URL);
      // only the two URL annotations Backstage checks
      assertThat(e.metadata().annotation("backstage.io/source-location")).isEqualTo(url);
    }
    for (String url : new String[] {"https://x.io/javascript:1", "jav ascript:x", "javascripts:x"}) {
      ObjectNode ann = Json.object().put("backstage.io/view-url", url);
      Entity e = Stitcher.finalEntity(upsert(component("'annotations':" + ann), "id", false),
          null, List.of());
      assertThat(e.metadata().annotation("backstage.io/view-url")).as(url).isEqualTo(url);
    }
  }

  @Test
  void aRestitchThroughRelationsChangesOnlyRelationsAndEtag() {
    Entity stored = Stitcher.finalEntity(
        upsert(component(""), "state-id", true, StatusItem.processingError("Error", "e")),
        null, List.of());
    Entity restitched = Stitcher.withRelations(stored, OWNED_BY);
    assertThat(restitched.metadata().uid()).isEqualTo("state-id");
    assertThat(restitched.metadata().annotation("backstage.io/orphan")).isEqualTo("true");
    assertThat(restitched.statusItems()).hasSize(1); // not appended a second time
    assertThat(restitched.relations()).containsExactlyElementsOf(OWNED_BY);
    assertThat(restitched.metadata().etag()).isEqualTo(expectedEtag(restitched))
        .isNotEqualTo(stored.metadata().etag());
    assertThat(Stitcher.withRelations(restitched, List.of())).isEqualTo(stored);
  }

  @Test
  void theSameInputsGiveTheSameEntity() {
    WriteBatch.Upsert in = upsert(component("'annotations':{'backstage.io/view-url':'javascript:x'}"),
        "id", true, StatusItem.processingError("Error", "e"));
    Entity first = Stitcher.finalEntity(in, null, OWNED_BY);
    assertThat(Stitcher.finalEntity(in, first, OWNED_BY)).isEqualTo(first);
    assertThat(Stitcher.finalEntity(in, first, OWNED_BY).toJsonString())
        .isEqualTo(first.toJsonString());
  }
}
