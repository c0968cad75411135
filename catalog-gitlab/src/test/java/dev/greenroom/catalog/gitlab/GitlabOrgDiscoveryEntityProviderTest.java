package dev.greenroom.catalog.gitlab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.Relation;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.events.EventBroker;
import dev.greenroom.events.EventParams;
import dev.greenroom.integrations.IntegrationsConfig;
import dev.greenroom.integrations.ScmIntegrations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class GitlabOrgDiscoveryEntityProviderTest {
  GitlabWorld world;

  @BeforeEach
  void start() throws Exception {
    world = new GitlabWorld();
  }

  @AfterEach
  void stop() {
    world.close();
  }

  static EntityRef ref(String ref) {
    return EntityRef.parse(ref);
  }

  Entity entity(CatalogEngine engine, String ref) {
    return engine.catalog().entity(ref(ref)).orElseThrow(() -> new AssertionError("no " + ref));
  }

  List<String> names(CatalogEngine engine, String kind) {
    List<String> out = new ArrayList<>();
    engine.catalog().forEach(EntityPredicate.eq("kind", kind), null, e -> out.add(e.metadata().name()));
    return out.stream().sorted().toList();
  }

  @Test
  void usersAndGroupsOfASelfManagedInstanceGetBackstagesShapesAndRelations() {
    ScmIntegrations scm = world.integrations(GitlabWorld.TOKEN);
    GitlabProviders providers = GitlabProviders.builder()
        .config(world.providerConfig("\"orgEnabled\":true")).integrations(scm).build();
    GitlabOrgDiscoveryEntityProvider org = providers.orgProviders().get(0);
    assertThat(org.name()).isEqualTo("GitlabOrgDiscoveryEntityProvider:main");
    try (CatalogEngine engine = world.engine(scm, providers)) {
      engine.start();
      org.refresh();
      assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();

      // every active user of the instance; groups below acme that have a user read
      assertThat(names(engine, "user")).containsExactly("alice", "bob", "dave");
      assertThat(names(engine, "group")).containsExactly("acme", "platform", "platform-web");

      String host = "127.0.0.1";
      Entity alice = entity(engine, "user:default/alice");
      assertThat(alice.metadata().annotations())
          .containsEntry(host + "/user-login", world.gitlab.baseUrl() + "/alice")
          .containsEntry(host + "/user-id", String.valueOf(world.gitlab.userId("alice")))
          .containsEntry("backstage.io/managed-by-location", "url:" + world.gitlab.baseUrl() + "/alice")
          .containsEntry("backstage.io/managed-by-origin-location", "url:" + world.gitlab.baseUrl() + "/alice");
      assertThat(alice.spec().path("profile").path("displayName").asString()).isEqualTo("Alice Adams");
      assertThat(alice.spec().path("profile").path("email").asString()).isEqualTo("alice@acme.example");
      assertThat(alice.spec().path("profile").path("picture").asString()).startsWith(world.gitlab.baseUrl());
      assertThat(alice.specStrings("memberOf")).containsExactly("acme", "platform");
      assertThat(alice.relations()).contains(
          new Relation("memberOf", ref("group:default/acme")),
          new Relation("memberOf", ref("group:default/platform")));

      Entity web = entity(engine, "group:default/platform-web");
      assertThat(web.metadata().annotations())
          .containsEntry(host + "/team-path", "acme/platform/web")
          .containsEntry(host + "/visibility", "private")
          .containsEntry("backstage.io/managed-by-location", "url:" + world.gitlab.baseUrl() + "/acme/platform/web");
      assertThat(web.spec().path("type").asString()).isEqualTo("team");
      assertThat(web.spec().path("profile").path("displayName").asString()).isEqualTo("Web");
      assertThat(web.spec().path("parent").asString()).isEqualTo("platform");
      assertThat(web.relations()).contains(
          new Relation("childOf", ref("group:default/platform")),
          new Relation("hasMember", ref("user:default/bob")));

      Entity platform = entity(engine, "group:default/platform");
      assertThat(platform.metadata().description()).isEqualTo("Platform team");
      assertThat(platform.relations()).contains(
          new Relation("parentOf", ref("group:default/platform-web")),
          new Relation("childOf", ref("group:default/acme")),
          new Relation("hasMember", ref("user:default/alice")));
      assertThat(entity(engine, "group:default/acme").relations())
          .contains(new Relation("parentOf", ref("group:default/platform")));
      // carol is blocked: not read, not a member
      assertThat(engine.catalog().entity(ref("user:default/carol"))).isEmpty();
      assertThat(entity(engine, "user:default/dave").specStrings("memberOf")).isEmpty();
    }
  }

  @Test
  void restrictUsersToGroupReadsTheGroupsMembersAndInheritedRelationsReachSubgroups() {
    ScmIntegrations scm = world.integrations(GitlabWorld.TOKEN);
    GitlabProviders providers = GitlabProviders.builder().config(world.providerConfig(
        "\"orgEnabled\":true,\"restrictUsersToGroup\":true,\"allowInherited\":true"))
        .integrations(scm).build();
    try (CatalogEngine engine = world.engine(scm, providers)) {
      engine.start();
      providers.orgProviders().get(0).refresh();
      assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();
      assertThat(names(engine, "user")).containsExactly("alice");
      // alice is a member of acme, so of its subgroups too
      assertThat(entity(engine, "user:default/alice").specStrings("memberOf"))
          .containsExactlyInAnyOrder("acme", "platform", "platform-web", "empty");
      assertThat(world.gitlab.requests()).extracting(FakeRequestPath::of)
          .contains("/groups/acme/members/all", "/gitlab/api/graphql")
          .doesNotContain("/users");
    }
  }

  @Test
  void onGitlabComTheRootGroupsSeatHoldersAreReadAndTheGroupIsRequired() {
    // gitlab.com's integration, its API and web base pointed at the fake
    ScmIntegrations scm = ScmIntegrations.builder().config(IntegrationsConfig.parse(GitlabWorld.json(
        "{\"gitlab\":[{\"host\":\"gitlab.com\",\"apiBaseUrl\":\"" + world.gitlab.apiBaseUrl()
            + "\",\"baseUrl\":\"" + world.gitlab.baseUrl() + "\",\"token\":\"" + GitlabWorld.TOKEN + "\"}]}")))
        .build();
    GitlabProviders providers = GitlabProviders.builder().config(GitlabWorld.json(
        "{\"saas\":{\"host\":\"gitlab.com\",\"group\":\"acme/platform\",\"orgEnabled\":true}}"))
        .integrations(scm).build();
    try (CatalogEngine engine = world.engine(scm, providers)) {
      engine.start();
      providers.orgProviders().get(0).refresh();
      assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();
      // users: the seat holders of the root group acme; groups: acme/platform and below
      assertThat(names(engine, "user")).containsExactly("alice");
      assertThat(names(engine, "group")).containsExactly("acme-platform");
      assertThat(entity(engine, "user:default/alice").metadata().annotations())
          .containsKey("gitlab.com/user-login");
    }
    assertThat(world.gitlab.requests()).extracting(FakeRequestPath::of)
        .contains("/groups/acme/members/all", "/groups/acme/platform")
        .doesNotContain("/users", "/groups");
    assertThatThrownBy(() -> GitlabProviders.builder().config(GitlabWorld.json(
        "{\"saas\":{\"host\":\"gitlab.com\",\"orgEnabled\":true}}")).integrations(scm).build())
        .hasMessageContaining("catalog.providers.gitlab.saas.group is required");
  }

  @Test
  void aUserPatternFiltersUsersByEmail() {
    ScmIntegrations scm = world.integrations(GitlabWorld.TOKEN);
    GitlabProviders providers = GitlabProviders.builder().config(world.providerConfig(
        "\"orgEnabled\":true,\"userPattern\":\"@acme\\\\.example$\""))
        .integrations(scm).build();
    try (CatalogEngine engine = world.engine(scm, providers)) {
      engine.start();
      providers.orgProviders().get(0).refresh();
      assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();
      assertThat(names(engine, "user")).containsExactly("alice", "bob");
    }
  }

  @Test
  void systemHookEventsReReadMembershipsAndRemoveDestroyedUsers() {
    ScmIntegrations scm = world.integrations(GitlabWorld.TOKEN);
    EventBroker broker = EventBroker.inMemory();
    try (GitlabProviders providers = GitlabProviders.builder()
            .config(world.providerConfig("\"orgEnabled\":true")).integrations(scm).events(broker).build();
        CatalogEngine engine = world.engine(scm, providers)) {
      engine.start();
      providers.orgProviders().get(0).refresh();
      assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();

      world.gitlab.member("acme/platform", "dave");
      ObjectNode add = GitlabWorld.JSON.createObjectNode().put("event_name", "user_add_to_group")
          .put("group_id", world.gitlab.groupId("acme/platform")).put("group_path", "platform")
          .put("user_id", world.gitlab.userId("dave")).put("user_username", "dave");
      broker.publish(new EventParams("gitlab.user_add_to_group", add, Map.of()));
      assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();
      assertThat(entity(engine, "user:default/dave").specStrings("memberOf")).containsExactly("platform");
      assertThat(entity(engine, "group:default/platform").relations())
          .contains(new Relation("hasMember", ref("user:default/dave")));

      long bob = world.gitlab.userId("bob");
      world.gitlab.deleteUser("bob");
      ObjectNode destroy = GitlabWorld.JSON.createObjectNode().put("event_name", "user_destroy")
          .put("user_id", bob).put("username", "bob");
      broker.publish(new EventParams("gitlab.user_destroy", destroy, Map.of()));
      assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();
      assertThat(engine.catalog().entity(ref("user:default/bob"))).isEmpty();
      // platform-web lost its only member read, so it goes too, as Backstage leaves out empty groups
      assertThat(engine.catalog().entity(ref("group:default/platform-web"))).isEmpty();
    }
  }

  @Test
  void aFailingHostKeepsTheLastGoodOrg() {
    ScmIntegrations scm = world.integrations(GitlabWorld.TOKEN);
    GitlabProviders providers = GitlabProviders.builder()
        .config(world.providerConfig("\"orgEnabled\":true")).integrations(scm).build();
    GitlabOrgDiscoveryEntityProvider org = providers.orgProviders().get(0);
    try (CatalogEngine engine = world.engine(scm, providers)) {
      engine.start();
      org.refresh();
      assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();
      world.gitlab.failWith(500);
      assertThatThrownBy(org::refresh).hasMessageContaining("500").hasMessageContaining(world.gitlab.host());
      world.gitlab.failWith(0).rateLimited(true);
      assertThatThrownBy(org::refresh).hasMessageContaining("rate limit exceeded");
      assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();
      assertThat(names(engine, "user")).containsExactly("alice", "bob", "dave");
      assertThat(names(engine, "group")).containsExactly("acme", "platform", "platform-web");
    }
  }

  /** The API path of a logged request, below {@code /gitlab/api/v4}, decoded. */
  static final class FakeRequestPath {
    static String of(dev.greenroom.integrations.gitlab.FakeGitlab.Request r) {
      return java.net.URLDecoder.decode(r.path().replaceFirst("^/gitlab/api/v4", ""),
          java.nio.charset.StandardCharsets.UTF_8);
    }
  }
}
