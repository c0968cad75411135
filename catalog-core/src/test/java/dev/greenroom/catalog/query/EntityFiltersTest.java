package dev.greenroom.catalog.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EntityFiltersTest {
  private static final Entity SERVICE =
      Entity.fromJson(
          """
          {"apiVersion":"backstage.io/v1alpha1","kind":"Component",
           "metadata":{"name":"Petstore","tags":["Java","web"],
             "annotations":{"backstage.io/view-url":"https://x/y"}},
           "spec":{"type":"service","owner":"team-a","lifecycle":"production"},
           "relations":[{"type":"ownedBy","targetRef":"group:default/team-a"}]}
          """);

  private static boolean matches(EntityPredicate p) {
    return EntityFilters.matches(p, EntityFilters.indexOf(SearchIndex.rows(SERVICE)));
  }

  private static boolean legacy(String... params) {
    return matches(EntityFilters.parseLegacy(List.of(params)));
  }

  private static boolean predicate(String json) {
    return matches(EntityFilters.parsePredicate(Json.parse(json)));
  }

  @Test
  void legacyStatementsInOneSetAreAndedAndSetsAreOred() {
    assertThat(legacy("kind=component,spec.type=service")).isTrue();
    assertThat(legacy("kind=component,spec.type=website")).isFalse();
    assertThat(legacy("kind=api", "kind=component")).isTrue();
    assertThat(legacy("kind=api", "spec.type=website")).isFalse();
  }

  @Test
  void legacyKeysAndValuesIgnoreCase() {
    assertThat(legacy("KIND=COMPONENT,Metadata.Name=petstore")).isTrue();
  }

  @Test
  void legacyBareKeyTestsExistence() {
    assertThat(legacy("spec.owner")).isTrue();
    assertThat(legacy("spec.system")).isFalse();
  }

  @Test
  void legacyRepeatedKeyInOneSetOrsItsValues() {
    assertThat(legacy("kind=api,kind=component")).isTrue();
    assertThat(EntityFilters.parseLegacy(List.of("kind=api,kind=component")))
        .isEqualTo(EntityPredicate.in("kind", List.of("api", "component")));
  }

  @Test
  void legacyEmptyValueMatchesOnlyTheEmptyString() {
    assertThat(legacy("spec.type=")).isFalse();
  }

  @Test
  void legacyRejectsAnEmptyKeyWithBackstagesMessage() {
    assertThatThrownBy(() -> EntityFilters.parseLegacy(List.of("=x")))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessage(
            "Invalid filter, '=x' is not a valid statement (expected a string on the form a=b or a= or a)");
  }

  @Test
  void legacySkipsEmptyStatements() {
    assertThat(legacy(" kind=component , ,")).isTrue();
  }

  @Test
  void arrayElementsAreIndexedAsKeysToo() {
    assertThat(legacy("metadata.tags=java")).isTrue();
    assertThat(legacy("metadata.tags.java")).isTrue();
    assertThat(legacy("metadata.tags.go")).isFalse();
  }

  @Test
  void relationsAreIndexedByType() {
    assertThat(legacy("relations.ownedBy=group:default/team-a")).isTrue();
    assertThat(predicate("{\"relations\":{\"$contains\":{\"type\":\"ownedBy\"}}}")).isTrue();
    assertThat(
            predicate(
                "{\"relations\":{\"$contains\":{\"type\":\"ownedBy\",\"targetRef\":{\"$in\":[\"group:default/b\",\"Group:default/Team-A\"]}}}}"))
        .isTrue();
    assertThat(
            predicate(
                "{\"relations\":{\"$contains\":{\"type\":\"ownedBy\",\"targetRef\":\"group:default/b\"}}}"))
        .isFalse();
  }

  @Test
  void predicateOperators() {
    assertThat(predicate("{\"kind\":\"component\",\"spec.type\":\"service\"}")).isTrue();
    assertThat(predicate("{\"$all\":[{\"kind\":\"component\"},{\"spec.type\":\"website\"}]}")).isFalse();
    assertThat(predicate("{\"$any\":[{\"kind\":\"api\"},{\"spec.type\":\"service\"}]}")).isTrue();
    assertThat(predicate("{\"$not\":{\"kind\":\"api\"}}")).isTrue();
    assertThat(predicate("{\"spec.lifecycle\":{\"$in\":[\"experimental\",\"production\"]}}")).isTrue();
    assertThat(predicate("{\"spec.system\":{\"$exists\":false}}")).isTrue();
    assertThat(predicate("{\"metadata.name\":{\"$hasPrefix\":\"PET\"}}")).isTrue();
    assertThat(predicate("{\"metadata.tags\":{\"$contains\":\"web\"}}")).isTrue();
    assertThat(predicate("{\"$all\":[]}")).isTrue();
    assertThat(predicate("{\"$any\":[]}")).isFalse();
    assertThat(predicate("{}")).isTrue();
  }

  @Test
  void annotationKeysWithDotsAndSlashes() {
    assertThat(legacy("metadata.annotations.backstage.io/view-url=https://x/y")).isTrue();
  }

  @Test
  void invalidPredicatesAreRefused() {
    for (String bad :
        List.of(
            "\"kind\"",
            "{\"$all\":{}}",
            "{\"$all\":[],\"kind\":\"x\"}",
            "{\"$nope\":[]}",
            "{\"kind\":{\"$regex\":\"x\"}}",
            "{\"kind\":{\"$exists\":\"yes\"}}",
            "{\"kind\":[\"a\"]}")) {
      assertThatThrownBy(() -> EntityFilters.parsePredicate(Json.parse(bad)))
          .as(bad)
          .isInstanceOf(InvalidQueryException.class)
          .hasMessageStartingWith("Invalid query: ");
    }
  }

  @Test
  void predicatesSurviveAJsonRoundTrip() {
    EntityPredicate p =
        EntityFilters.parsePredicate(
            Json.parse(
                "{\"$any\":[{\"kind\":\"a\",\"x\":{\"$in\":[\"b\",1,true]}},{\"$not\":{\"y\":{\"$exists\":true}}},{\"z\":{\"$hasPrefix\":\"q\"}}]}"));
    assertThat(EntityFilters.parsePredicate(EntityFilters.toJson(p))).isEqualTo(p);
  }

  @Test
  void numbersAndBooleansCompareAsText() {
    Entity e =
        Entity.fromJson(
            "{\"apiVersion\":\"v1\",\"kind\":\"Thing\",\"metadata\":{\"name\":\"n\"},\"spec\":{\"replicas\":3,\"public\":true}}");
    Map<String, List<String>> index = EntityFilters.indexOf(SearchIndex.rows(e));
    assertThat(EntityFilters.matches(EntityFilters.parsePredicate(Json.parse("{\"spec.replicas\":3}")), index)).isTrue();
    assertThat(EntityFilters.matches(EntityFilters.parseLegacy(List.of("spec.public=TRUE")), index)).isTrue();
  }
}
