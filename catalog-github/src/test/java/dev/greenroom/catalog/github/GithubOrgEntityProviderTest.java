package dev.greenroom.catalog.github;

import static dev.greenroom.catalog.github.GithubFixture.ORG;
import static dev.greenroom.catalog.github.GithubFixture.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.Relation;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.DeferredEntity;
import dev.greenroom.catalog.processing.EntityMutation;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.events.EventParams;
import dev.greenroom.integrations.github.FakeGithub;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GithubOrgEntityProviderTest {
  FakeGithub github;
  GithubFixture.Recording connection = new GithubFixture.Recording();

  @BeforeEach
  void start() throws Exception {
    github = GithubFixture.acme();
  }

  @AfterEach
  void stop() {
    github.close();
  }

  GithubProviders providers(String orgJson) {
    return GithubProviders.builder()
        .config(Json.parse("{\"githubOrg\": " + orgJson.replace("URL", "https://" + github.host())
            + "}"))
        .integrations(GithubFixture.integrations(github, TOKEN))
        .build();
  }

  Map<String, Entity> read(String orgJson) {
    GithubOrgEntityProvider p = providers(orgJson).orgProviders().get(0);
    p.connect(connection);
    assertThat(p.refresh()).isTrue();
    List<DeferredEntity> list = ((EntityMutation.Full) connection.last()).entities();
    assertThat(list).allSatisfy(d -> assertThat(d.locationKey())
        .isEqualTo("github-multi-org-provider:" + p.config().id()));
    return list.stream().collect(Collectors.toMap(d -> d.entity().ref().toString(),
        DeferredEntity::entity, (a, b) -> a, java.util.LinkedHashMap::new));
  }

  @Test
  void usersAndTeamsOfOneOrganisationAsBackstageShapesThem() {
    Map<String, Entity> byRef = read("""
        {"id": "production", "githubUrl": "URL", "orgs": ["acme"],
         "schedule": {"frequency": {"hours": 1}, "timeout": {"minutes": 15}}}""");
    // Backstage's order: by name, then location, kind, namespace
    assertThat(byRef.keySet()).containsExactly("user:default/alice", "user:default/bob",
        "user:default/carol", "group:default/design", "group:default/infra",
        "group:default/platform");
    String base = "https://" + github.host();
    assertThat(byRef.get("user:default/alice").toJson()).isEqualTo(Json.parse("""
        {"apiVersion": "backstage.io/v1alpha1", "kind": "User",
         "metadata": {"name": "alice", "description": "Platform lead", "annotations": {
           "backstage.io/managed-by-location": "url:%s/alice",
           "backstage.io/managed-by-origin-location": "url:%s/alice",
           "github.com/user-login": "alice", "github.com/user-id": "U_alice"}},
         "spec": {"profile": {"displayName": "Alice Adams", "email": "alice@acme.example",
           "picture": "https://avatars.example/alice"}, "memberOf": ["platform"]}}
        """.formatted(base, base)));
    // no email (empty), no bio
    assertThat(byRef.get("user:default/bob").toJson().path("spec").toString())
        .isEqualTo("{\"profile\":{\"displayName\":\"Bob Brown\",\"picture\":"
            + "\"https://avatars.example/bob\"},\"memberOf\":[\"infra\"]}");
    assertThat(byRef.get("user:default/carol").specStrings("memberOf"))
        .containsExactly("infra", "design");
    assertThat(byRef.get("group:default/infra").toJson()).isEqualTo(Json.parse("""
        {"apiVersion": "backstage.io/v1alpha1", "kind": "Group",
         "metadata": {"name": "infra", "description": "Runs the machines", "annotations": {
           "backstage.io/managed-by-location": "url:%s/orgs/acme/teams/infra",
           "backstage.io/managed-by-origin-location": "url:%s/orgs/acme/teams/infra",
           "github.com/team-slug": "acme/infra",
           "backstage.io/edit-url": "%s/orgs/acme/teams/infra/edit"}},
         "spec": {"type": "team", "profile": {"displayName": "Infrastructure",
           "picture": "%s/avatars/t/infra"}, "children": [], "parent": "platform",
           "members": ["default/bob", "default/carol"]}}
        """.formatted(base, base, base, base)));
    assertThat(byRef.get("group:default/platform").specStrings("children"))
        .containsExactly("infra");
    assertThat(byRef.get("group:default/design").metadata().description()).isNull();
  }

  @Test
  void severalOrganisationsPutGroupsInTheirNamespaces() {
    github.member("acme-labs", "alice", "Alice Adams", "alice@acme.example", null, null);
    github.member("acme-labs", "dave", "Dave", null, null, null);
    github.team("acme-labs", "research", "Research", null, null, "alice", "dave");
    Map<String, Entity> byRef = read("""
        {"id": "all", "githubUrl": "URL", "orgs": ["acme", "acme-labs"],
         "schedule": {"frequency": "PT1H", "timeout": "PT15M"}}""");
    assertThat(byRef).containsKeys("group:acme/platform", "group:acme-labs/research",
        "user:default/dave");
    // alice is listed once, member of teams of both organisations
    assertThat(byRef.get("user:default/alice").specStrings("memberOf"))
        .containsExactly("acme/platform", "acme-labs/research");
    assertThat(byRef.get("group:acme-labs/research").metadata()
        .annotation("backstage.io/managed-by-location"))
        .isEqualTo("url:https://" + github.host() + "/orgs/acme-labs/teams/research");
  }

  @Test
  void teamsWithMoreMembersThanAPageAreReadPageByPage() {
    String[] logins = new String[120];
    for (int i = 0; i < logins.length; i++) {
      logins[i] = "user" + i;
      github.member(ORG, logins[i], null, null, null, null);
    }
    github.team(ORG, "everyone", "Everyone", null, null, logins);
    Map<String, Entity> byRef = read("""
        {"id": "p", "githubUrl": "URL", "orgs": ["acme"],
         "schedule": {"frequency": "PT1H", "timeout": "PT15M"},
         "pageSizes": {"teamMembers": 50, "organizationMembers": 100}}""");
    assertThat(byRef.get("group:default/everyone").specStrings("members")).hasSize(120);
    assertThat(byRef.get("user:default/user119").specStrings("memberOf")).containsExactly("everyone");
  }

  @Test
  void theCatalogMakesBackstagesRelations() {
    GithubProviders p = providers("""
        {"id": "production", "githubUrl": "URL", "orgs": ["acme"],
         "schedule": {"frequency": {"hours": 1}, "timeout": {"minutes": 15}}}""");
    try (CatalogEngine engine = CatalogEngine.builder().rules(CatalogRules.allowAll())
        .provider(p.orgProviders().get(0)).processingDisabled().build()) {
      engine.start();
      p.orgProviders().get(0).refresh();
      assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();
      assertThat(relations(engine, "user:default/carol")).contains(
          "memberOf group:default/infra", "memberOf group:default/design");
      assertThat(relations(engine, "group:default/infra")).contains(
          "childOf group:default/platform", "hasMember user:default/bob",
          "hasMember user:default/carol");
      assertThat(relations(engine, "group:default/platform")).contains(
          "parentOf group:default/infra", "hasMember user:default/alice");
    }
  }

  static List<String> relations(CatalogEngine engine, String ref) {
    Entity e = engine.catalog().entity(EntityRef.parse(ref)).orElseThrow();
    return e.relations().stream().map(r -> r.type() + " " + r.targetRef()).toList();
  }

  @Test
  void eventsOfAConfiguredOrganisationReadItAgain() {
    GithubOrgEntityProvider p = providers("""
        {"id": "production", "githubUrl": "URL", "orgs": ["acme"],
         "schedule": {"frequency": {"hours": 1}, "timeout": {"minutes": 15}}}""")
        .orgProviders().get(0);
    p.connect(connection);
    p.refresh();
    github.member(ORG, "erin", "Erin", null, null, null);
    p.onEvent(new EventParams("github.organization", Json.parse(
        "{\"action\": \"member_added\", \"organization\": {\"login\": \"acme\"},"
            + " \"membership\": {\"user\": {\"login\": \"erin\"}}}"), Map.of()));
    assertThat(connection.mutations).hasSize(2);
    assertThat(((EntityMutation.Full) connection.last()).entities())
        .anySatisfy(d -> assertThat(d.entity().ref().toString()).isEqualTo("user:default/erin"));
    p.onEvent(new EventParams("github.team", Json.parse(
        "{\"action\": \"created\", \"organization\": {\"login\": \"other\"}}"), Map.of()));
    assertThat(connection.mutations).hasSize(2);
  }

  @Test
  void withoutCredentialsNothingIsReadSoNothingIsDeleted() {
    GithubProviders p = GithubProviders.builder()
        .config(Json.parse("""
            {"githubOrg": {"id": "x", "githubUrl": "https://%s", "orgs": ["acme"],
             "schedule": {"frequency": "PT1H", "timeout": "PT1M"}}}""".formatted(github.host())))
        .integrations(dev.greenroom.integrations.ScmIntegrations.builder().config(Json.parse(
            "{\"github\": [{\"host\": \"" + github.host() + "\", \"apiBaseUrl\": \""
                + github.apiBaseUrl() + "\"}]}")).build())
        .build();
    GithubOrgEntityProvider provider = p.orgProviders().get(0);
    provider.connect(connection);
    assertThatThrownBy(provider::refresh).hasMessageContaining("No GitHub credentials")
        .hasMessageContaining(github.host());
    assertThat(connection.mutations).isEmpty();
  }

  @Test
  void configErrorsNameTheKey() {
    assertThatThrownBy(() -> providers("[{\"githubUrl\": \"URL\"}]"))
        .hasMessageContaining("catalog.providers.githubOrg[0].id");
    assertThatThrownBy(() -> providers("{\"id\": \"a\", \"githubUrl\": \"URL\", \"orgs\": [\"acme\"]}"))
        .hasMessageContaining("catalog.providers.githubOrg.schedule is required");
    assertThatThrownBy(() -> providers("""
        {"id": "a", "githubUrl": "https://elsewhere.example", "orgs": ["acme"],
         "schedule": {"frequency": "PT1H", "timeout": "PT1M"}}"""))
        .hasMessageContaining("elsewhere.example").hasMessageContaining("integrations.github");
  }
}
