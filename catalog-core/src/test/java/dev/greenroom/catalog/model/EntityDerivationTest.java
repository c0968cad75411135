package dev.greenroom.catalog.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.validation.EntityValidator;
import dev.greenroom.catalog.validation.ValidationResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * Derived entities share the parts of the tree they did not change with their source (issue 16):
 * neither ever sees the other's changes, and key order is what a full copy would give.
 */
class EntityDerivationTest {
  private static final String SOURCE =
      "{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"Component\",\"metadata\":{\"name\":\"a\","
          + "\"annotations\":{\"x\":\"1\"},\"tags\":[\"t\"]},\"spec\":{\"type\":\"service\",\"lifecycle\":\"production\",\"owner\":\"me\","
          + "\"dependsOn\":[\"component:b\",\"component:a\"],\"nested\":{\"k\":[1,2]}},"
          + "\"status\":{\"items\":[{\"type\":\"t\",\"level\":\"error\",\"message\":\"m\"}],\"other\":1}}";

  @Test
  void withMethodsLeaveTheSourceAsItWasAndKeepKeyOrder() {
    Entity e = Entity.fromJson(SOURCE);
    Entity uid = e.withUid("u-1");
    Entity etag = uid.withEtag("e-1");
    Entity ann = etag.withAnnotations(Map.of("x", "2"));
    Entity more = ann.withAnnotation("y", "3");
    Entity rel = more.withRelations(List.of(new Relation("ownedBy", EntityRef.parse("group:me"))));
    Entity noStatus = rel.withStatusItems(List.of());
    Entity ns = noStatus.withDefaultNamespace();
    Entity bare = ns.withoutOutputFields();

    assertThat(e.toJsonString()).isEqualTo(SOURCE);
    assertThat(uid.metadata().uid()).isEqualTo("u-1");
    assertThat(e.metadata().uid()).isNull();
    assertThat(etag.metadata().etag()).isEqualTo("e-1");
    assertThat(uid.metadata().etag()).isNull();
    assertThat(ann.metadata().annotations()).containsExactly(Map.entry("x", "2"));
    assertThat(etag.metadata().annotations()).containsExactly(Map.entry("x", "1"));
    assertThat(more.metadata().annotations())
        .containsExactly(Map.entry("x", "2"), Map.entry("y", "3"));
    assertThat(ann.metadata().annotations()).doesNotContainKey("y");
    assertThat(rel.relations()).hasSize(1);
    assertThat(more.relations()).isEmpty();
    assertThat(noStatus.toJson().path("status").toString()).isEqualTo("{\"other\":1}");
    assertThat(rel.statusItems()).hasSize(1);
    assertThat(ns.ref().namespace()).isEqualTo("default");
    assertThat(noStatus.toJson().path("metadata").has("namespace")).isFalse();
    assertThat(bare.toJson().has("relations")).isFalse();
    assertThat(ns.toJson().has("relations")).isTrue();
    // The same text a deep-copying implementation gives: existing keys stay in place.
    assertThat(more.toJsonString())
        .isEqualTo(Entity.fromJson(SOURCE).edit(root -> {
          ObjectNode meta = (ObjectNode) root.get("metadata");
          meta.put("uid", "u-1").put("etag", "e-1");
          ((ObjectNode) meta.get("annotations")).put("x", "2").put("y", "3");
        }).toJsonString());
  }

  @Test
  void editCopiesTheTreeSoNeitherSideSeesTheOthersChanges() {
    Entity e = Entity.fromJson(SOURCE);
    ObjectNode[] kept = new ObjectNode[1];
    Entity edited = e.edit(root -> {
      ((ObjectNode) root.get("spec").get("nested")).put("added", true);
      kept[0] = root;
    });
    assertThat(edited.specValue("nested.added").booleanValue()).isTrue();
    assertThat(e.specValue("nested.added").isMissingNode()).isTrue();
    assertThat(e.toJsonString()).isEqualTo(SOURCE);
    assertThatThrownBy(() -> e.edit(root -> root.remove("kind")))
        .isInstanceOf(InvalidEntityException.class);
  }

  @Test
  void accessorsHandOutCopies() {
    Entity e = Entity.fromJson(SOURCE);
    e.spec().put("owner", "you");
    e.toJson().putObject("metadata");
    ((ObjectNode) e.specValue("nested")).put("k", 0);
    assertThat(e.toJsonString()).isEqualTo(SOURCE);
    assertThat(e.anyKey(k -> k.equals("k"))).isTrue();
    assertThat(e.anyKey(k -> k.startsWith("$"))).isFalse();
  }

  @Test
  void validatingAnEntitySharesItsTreeWithoutChangingIt() {
    Entity e = Entity.fromJson(SOURCE).withoutOutputFields();
    String before = e.toJsonString();
    ValidationResult r = EntityValidator.create().validate(e, "t.yaml");
    assertThat(r.problems()).isEmpty();
    Entity valid = r.validEntity().orElseThrow();
    assertThat(e.toJsonString()).isEqualTo(before);
    // Namespace defaulted and dependsOn sorted in the valid entity only.
    assertThat(valid.metadata().namespace()).isEqualTo("default");
    assertThat(valid.toJson().path("metadata").path("namespace").stringValue()).isEqualTo("default");
    assertThat(valid.specStrings("dependsOn")).containsExactly("component:a", "component:b");
    assertThat(e.specStrings("dependsOn")).containsExactly("component:b", "component:a");
    assertThat(Json.parse(valid.toJsonString()).path("spec").path("nested"))
        .isEqualTo(Json.parse(before).path("spec").path("nested"));
  }
}
