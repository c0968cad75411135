package dev.greenroom.catalog.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.model.Entity;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchIndexTest {
  @Test
  void flattensLikeBackstage() {
    Entity e =
        Entity.fromJson(
            """
            {"apiVersion":"backstage.io/v1alpha1","kind":"User",
             "metadata":{"name":"Jdoe","uid":"u-1","etag":"e","tags":["Java","java"]},
             "spec":{"profile":{"displayName":"J Doe"},"memberOf":["team-a"],"nothing":null},
             "status":{"items":[{"type":"t","level":"error","message":"m"}]},
             "relations":[{"type":"memberOf","targetRef":"group:default/team-a"}]}
            """);
    List<SearchRow> rows = SearchIndex.rows(e);
    assertThat(rows)
        .contains(
            new SearchRow("apiversion", "backstage.io/v1alpha1", "backstage.io/v1alpha1"),
            new SearchRow("kind", "user", "User"),
            new SearchRow("metadata.name", "jdoe", "Jdoe"),
            new SearchRow("metadata.namespace", "default", "default"),
            new SearchRow("metadata.uid", "u-1", "u-1"),
            new SearchRow("metadata.tags", "java", "Java"),
            new SearchRow("metadata.tags.java", "true", "true"),
            new SearchRow("spec.profile.displayname", "j doe", "J Doe"),
            new SearchRow("spec.memberof", "team-a", "team-a"),
            new SearchRow("spec.memberof.team-a", "true", "true"),
            new SearchRow("spec.nothing", null, null),
            new SearchRow("relations.memberof", "group:default/team-a", "group:default/team-a"));
    assertThat(rows).extracting(SearchRow::key).doesNotContain("metadata.etag");
    assertThat(rows).extracting(SearchRow::key).noneMatch(k -> k.startsWith("status"));
    assertThat(rows.stream().filter(r -> r.key().equals("metadata.tags"))).hasSize(1);
  }

  @Test
  void longValuesAreKeptAsNullAndLongKeysDropped() {
    String longValue = "x".repeat(201);
    String longKey = "k".repeat(200);
    Entity e =
        Entity.fromJson(
            "{\"apiVersion\":\"v1\",\"kind\":\"Thing\",\"metadata\":{\"name\":\"n\"},\"spec\":{\"a\":\""
                + longValue
                + "\",\""
                + longKey
                + "\":\"v\"}}");
    List<SearchRow> rows = SearchIndex.rows(e);
    assertThat(rows).contains(new SearchRow("spec.a", null, null));
    assertThat(rows).extracting(SearchRow::key).noneMatch(k -> k.startsWith("spec.kkk"));
  }
}
