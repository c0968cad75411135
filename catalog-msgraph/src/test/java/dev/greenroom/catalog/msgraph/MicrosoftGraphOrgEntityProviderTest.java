package dev.greenroom.catalog.msgraph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.processing.DeferredEntity;
import dev.greenroom.catalog.processing.EntityMutation;
import dev.greenroom.catalog.processing.EntityProviderConnection;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The provider against a local Microsoft Graph and token endpoint (FakeGraph). */
class MicrosoftGraphOrgEntityProviderTest {
  static final String ADELE = "87d349ed-44d7-43e1-9a83-5f2406dee5bd";
  private FakeGraph graph;

  @BeforeEach
  void start() throws Exception {
    graph = new FakeGraph("/graph/contoso.json");
  }

  @AfterEach
  void stop() {
    graph.close();
  }

  static final class Recorder implements EntityProviderConnection {
    final List<EntityMutation> mutations = new ArrayList<>();

    @Override
    public void applyMutation(EntityMutation mutation) {
      mutations.add(mutation);
    }

    @Override
    public void refresh(Collection<String> keys) {}
  }

  static Map<String, Entity> byRef(MicrosoftGraphOrg org) {
    Map<String, Entity> all = new HashMap<>();
    org.users().forEach(e -> all.put(e.ref().toString(), e));
    org.groups().forEach(e -> all.put(e.ref().toString(), e));
    return all;
  }

  static List<String> strings(Entity e, String field) {
    List<String> out = new ArrayList<>();
    e.spec().path(field).forEach(n -> out.add(n.asString()));
    return out;
  }

  @Test
  void usersGroupsAndTheOrganizationWithBackstagesNamesAndAnnotations() throws Exception {
    MicrosoftGraphOrgEntityProvider provider =
        MicrosoftGraphOrgEntityProvider.builder(graph.config("contoso", "")).build();
    assertThat(provider.name()).isEqualTo("MicrosoftGraphOrgEntityProvider:contoso");
    Recorder recorder = new Recorder();
    provider.connect(recorder);
    MicrosoftGraphOrg org = provider.read();

    // mail, else userPrincipalName, through normalizeEntityName; the disabled account and the one
    // without a display name are left out
    assertThat(org.users()).extracting(e -> e.ref().name()).containsExactly(
        "adelev_contoso.com", "alexw_contoso.onmicrosoft.com", "leeg_contoso.com",
        "meganb_contoso.com");
    // security groups by displayName, Microsoft 365 groups by mailNickname; the tenant's root
    assertThat(org.groups()).extracting(e -> e.ref().name()).containsExactly(
        "contoso_ltd", "engineering", "mark8projectteam", "retail", "salesandmarketing");

    Map<String, Entity> all = byRef(org);
    Entity adele = all.get("user:default/adelev_contoso.com");
    assertThat(adele.apiVersion()).isEqualTo("backstage.io/v1alpha1");
    assertThat(adele.metadata().annotation("graph.microsoft.com/user-id")).isEqualTo(ADELE);
    assertThat(adele.metadata().annotation("microsoft.com/email")).isEqualTo("AdeleV@contoso.com");
    assertThat(adele.spec().path("profile").path("displayName").asString()).isEqualTo("Adele Vance");
    assertThat(adele.spec().path("profile").path("email").asString()).isEqualTo("AdeleV@contoso.com");
    byte[] jpeg;
    try (InputStream in = getClass().getResourceAsStream("/graph/adele-120.jpg")) {
      jpeg = in.readAllBytes();
    }
    assertThat(adele.spec().path("profile").path("picture").asString())
        .isEqualTo("data:image/jpeg;base64," + Base64.getEncoder().encodeToString(jpeg));
    // the largest photo no taller than 120 pixels, as Backstage picks it
    assertThat(graph.requestsTo("/v1.0/users/" + ADELE + "/photos/")).extracting(r -> r.path())
        .containsExactly("/v1.0/users/" + ADELE + "/photos/120x120/$value");
    Entity alex = all.get("user:default/alexw_contoso.onmicrosoft.com");
    assertThat(alex.metadata().annotation("microsoft.com/email")).isNull();
    assertThat(alex.spec().path("profile").has("picture")).isFalse();

    Entity root = all.get("group:default/contoso_ltd");
    assertThat(root.spec().path("type").asString()).isEqualTo("root");
    assertThat(root.metadata().annotation("graph.microsoft.com/tenant-id")).isEqualTo(FakeGraph.TENANT);
    assertThat(root.toJson().path("metadata").path("description").asString()).isEqualTo("Contoso Ltd");
    Entity mark8 = all.get("group:default/mark8projectteam");
    assertThat(mark8.spec().path("type").asString()).isEqualTo("team");
    assertThat(mark8.metadata().annotation("graph.microsoft.com/group-id"))
        .isEqualTo("0a53828f-36c9-44c3-be3d-99a7fce977ac");
    assertThat(mark8.spec().path("profile").path("displayName").asString())
        .isEqualTo("Mark 8 Project Team");
    assertThat(mark8.spec().path("profile").path("email").asString())
        .isEqualTo("Mark8ProjectTeam@contoso.com");

    EntityMutation.Full full = (EntityMutation.Full) recorder.mutations.get(0);
    assertThat(full.entities()).hasSize(9)
        .allSatisfy(d -> assertThat(d.locationKey()).isEqualTo("msgraph-org-provider:contoso"));
    Entity appliedAdele = full.entities().stream().map(DeferredEntity::entity)
        .filter(e -> e.ref().name().equals("adelev_contoso.com")).findFirst().orElseThrow();
    assertThat(appliedAdele.metadata().annotation("backstage.io/managed-by-location"))
        .isEqualTo("msgraph:contoso/" + ADELE);
    Entity appliedRoot = full.entities().stream().map(DeferredEntity::entity)
        .filter(e -> e.ref().name().equals("contoso_ltd")).findFirst().orElseThrow();
    assertThat(appliedRoot.metadata().annotation("backstage.io/managed-by-origin-location"))
        .isEqualTo("msgraph:contoso/" + FakeGraph.TENANT);

    // what Backstage asks for: $select with its default fields plus accountEnabled, $top=999
    FakeGraph.Request users = graph.requestsTo("/v1.0/users").get(0);
    assertThat(users.query().get("$select")).isEqualTo("businessPhones,displayName,givenName,id,"
        + "jobTitle,mail,mobilePhone,officeLocation,preferredLanguage,surname,userPrincipalName,"
        + "accountEnabled");
    assertThat(users.query().get("$top")).isEqualTo("999");
    assertThat(users.consistencyLevel()).isEmpty();
    assertThat(graph.requestsTo("/v1.0/organization/" + FakeGraph.TENANT)).hasSize(1);
  }

  @Test
  void membershipsBecomeMemberOfParentAndChildrenUnderTheRootGroup() {
    MicrosoftGraphOrg org = MicrosoftGraphOrgEntityProvider.builder(
        graph.config("contoso", "user: { loadPhotos: false }\n")).build().readOrg();
    Map<String, Entity> all = byRef(org);
    assertThat(strings(all.get("user:default/adelev_contoso.com"), "memberOf"))
        .containsExactly("group:default/engineering");
    assertThat(strings(all.get("user:default/leeg_contoso.com"), "memberOf"))
        .containsExactlyInAnyOrder("group:default/mark8projectteam", "group:default/salesandmarketing");
    assertThat(strings(all.get("user:default/alexw_contoso.onmicrosoft.com"), "memberOf"))
        .containsExactly("group:default/retail");
    // groups nobody contains hang under the organization
    assertThat(strings(all.get("group:default/contoso_ltd"), "children"))
        .containsExactlyInAnyOrder("group:default/engineering", "group:default/salesandmarketing");
    assertThat(all.get("group:default/contoso_ltd").spec().has("parent")).isFalse();
    assertThat(all.get("group:default/engineering").spec().path("parent").asString())
        .isEqualTo("group:default/contoso_ltd");
    assertThat(strings(all.get("group:default/engineering"), "children"))
        .containsExactly("group:default/mark8projectteam");
    assertThat(all.get("group:default/mark8projectteam").spec().path("parent").asString())
        .isEqualTo("group:default/engineering");
    assertThat(strings(all.get("group:default/mark8projectteam"), "children"))
        .containsExactly("group:default/retail");
    assertThat(all.get("group:default/retail").spec().path("parent").asString())
        .isEqualTo("group:default/mark8projectteam");
    assertThat(graph.requestsTo("/v1.0/users/")).isEmpty(); // no photos asked for
  }

  @Test
  void nextLinkPagesAreFollowed() {
    graph.maxPage = 2;
    MicrosoftGraphOrg org = MicrosoftGraphOrgEntityProvider.builder(
        graph.config("contoso", "user: { loadPhotos: false }\n")).build().readOrg();
    assertThat(org.users()).hasSize(4);
    assertThat(org.groups()).hasSize(5);
    // 6 users in pages of 2, 4 groups in pages of 2, Mark 8's 3 members in pages of 2
    assertThat(graph.requestsTo("/v1.0/users")).hasSize(3);
    assertThat(graph.requestsTo("/v1.0/groups").stream()
        .filter(r -> r.path().equals("/v1.0/groups")).toList()).hasSize(2);
    assertThat(graph.requestsTo("/v1.0/groups/0a53828f-36c9-44c3-be3d-99a7fce977ac/members"))
        .hasSize(2);
    assertThat(graph.requestsTo("/v1.0/users").get(2).query()).containsKey("$skiptoken")
        .containsEntry("$top", "999");
    assertThat(strings(byRef(org).get("user:default/leeg_contoso.com"), "memberOf")).hasSize(2);
  }

  @Test
  void filterSelectAndSearchAreSentAsBackstageSendsThem() {
    MicrosoftGraphOrg org = MicrosoftGraphOrgEntityProvider.builder(graph.config("contoso", """
        user:
          filter: accountEnabled eq true and startswith(displayName,'Me')
          select: [id, displayName, mail]
          loadPhotos: false
        group:
          search: '"displayName:Sales"'
        """)).build().readOrg();
    assertThat(org.users()).extracting(e -> e.ref().name()).containsExactly("meganb_contoso.com");
    assertThat(org.groups()).extracting(e -> e.ref().name())
        .containsExactly("contoso_ltd", "salesandmarketing");
    FakeGraph.Request users = graph.requestsTo("/v1.0/users").get(0);
    assertThat(users.query()).containsEntry("$select", "id,displayName,mail,accountEnabled")
        .containsEntry("$filter", "accountEnabled eq true and startswith(displayName,'Me')")
        .doesNotContainKey("$count");
    FakeGraph.Request groups = graph.requestsTo("/v1.0/groups").get(0);
    assertThat(groups.consistencyLevel()).isEqualTo("eventual");
    assertThat(groups.query()).containsEntry("$search", "\"displayName:Sales\"");
    // Lee is a member of Sales and Marketing, Megan is not: only Sales and Marketing is read
    assertThat(strings(org.users().get(0), "memberOf")).isEmpty();
  }

  @Test
  void advancedQueryModeCountsAndAsksForEventualConsistency() {
    MicrosoftGraphOrgEntityProvider.builder(graph.config("contoso", """
        queryMode: advanced
        user: { filter: "userType eq 'Member'", loadPhotos: false }
        """)).build().readOrg();
    FakeGraph.Request users = graph.requestsTo("/v1.0/users").get(0);
    assertThat(users.consistencyLevel()).isEqualTo("eventual");
    assertThat(users.query()).containsEntry("$count", "true");
  }

  @Test
  void userGroupMemberReadsTheUsersOfTheMatchingGroups() {
    MicrosoftGraphOrg org = MicrosoftGraphOrgEntityProvider.builder(graph.config("contoso", """
        user: { loadPhotos: false }
        userGroupMember: { filter: "displayName eq 'Mark 8 Project Team'" }
        """)).build().readOrg();
    assertThat(org.users()).extracting(e -> e.ref().name())
        .containsExactly("leeg_contoso.com", "meganb_contoso.com");
    assertThat(graph.requestsTo("/v1.0/groups/0a53828f-36c9-44c3-be3d-99a7fce977ac/members/"
        + "microsoft.graph.user")).hasSize(1);
  }

  @Test
  void includeSubGroupsReadsMemberGroupsOnce() {
    MicrosoftGraphOrg org = MicrosoftGraphOrgEntityProvider.builder(graph.config("contoso", """
        user: { loadPhotos: false }
        group: { filter: "displayName eq 'Engineering'", includeSubGroups: true }
        """)).build().readOrg();
    assertThat(org.groups()).extracting(e -> e.ref().name())
        .containsExactly("contoso_ltd", "engineering", "mark8projectteam");
    Map<String, Entity> all = byRef(org);
    assertThat(strings(all.get("user:default/meganb_contoso.com"), "memberOf"))
        .containsExactly("group:default/mark8projectteam");
    assertThat(all.get("group:default/mark8projectteam").spec().path("parent").asString())
        .isEqualTo("group:default/engineering");
  }

  @Test
  void transformersDecideEachEntityFromTheDefaultOne() {
    MicrosoftGraphOrg org = MicrosoftGraphOrgEntityProvider.builder(
            graph.config("contoso", "user: { loadPhotos: false }\n"))
        .userTransformer((user, standard) -> {
          if (standard == null || user.path("jobTitle").asString("").equals("Director")) {
            return null; // no display name, or a director: left out
          }
          return standard.edit(json -> json.withObjectProperty("metadata")
              .put("name", user.path("givenName").asString().toLowerCase(java.util.Locale.ROOT))
              .withObjectProperty("annotations").put("example.com/job", user.path("jobTitle").asString()));
        })
        .groupTransformer((group, standard) -> standard == null ? null : standard.edit(json ->
            json.withObjectProperty("spec").put("type", group.path("securityEnabled").asBoolean()
                ? "security" : "team")))
        .organizationTransformer((o, standard) -> standard.edit(json ->
            json.withObjectProperty("metadata").put("name", "contoso")))
        .build().readOrg();
    assertThat(org.users()).extracting(e -> e.ref().name()).containsExactly("adele", "alex", "megan");
    Map<String, Entity> all = byRef(org);
    assertThat(all.get("user:default/megan").metadata().annotation("example.com/job"))
        .isEqualTo("Marketing Manager");
    assertThat(strings(all.get("user:default/megan"), "memberOf"))
        .containsExactly("group:default/mark8projectteam");
    assertThat(all.get("group:default/engineering").spec().path("type").asString())
        .isEqualTo("security");
    assertThat(all.get("group:default/engineering").spec().path("parent").asString())
        .isEqualTo("group:default/contoso");
    assertThat(strings(all.get("group:default/contoso"), "children")).hasSize(2);
  }

  @Test
  void aRefusedSecretNamesTenantAndClientButNeverTheSecret() {
    String wrong = "Wr0ng~secret.value-123";
    MicrosoftGraphOrgEntityProvider provider = MicrosoftGraphOrgEntityProvider.builder(
        graph.config("contoso", wrong, "")).build();
    Recorder recorder = new Recorder();
    provider.connect(recorder);
    assertThatThrownBy(provider::read).isInstanceOf(MicrosoftGraphException.class)
        .hasMessageContaining("MicrosoftGraphOrgEntityProvider:contoso")
        .hasMessageContaining("tenant " + FakeGraph.TENANT)
        .hasMessageContaining("client " + FakeGraph.CLIENT_ID)
        .hasMessageContaining("401 invalid_client: AADSTS7000215: Invalid client secret provided")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong)
            .doesNotContain("Wr0ng").doesNotContain("Trace ID"));
    assertThat(recorder.mutations).isEmpty();
    assertThat(provider.config().toString()).doesNotContain(wrong);
    assertThat(graph.requestsTo("/v1.0/")).isEmpty();
  }

  @Test
  void theTokenIsKeptBetweenReadsAndAGraphErrorNamesThePath() {
    MicrosoftGraphOrgEntityProvider provider = MicrosoftGraphOrgEntityProvider.builder(
        graph.config("contoso", "user: { loadPhotos: false }\n")).build();
    provider.readOrg();
    provider.readOrg();
    assertThat(graph.tokensIssued.get()).isEqualTo(1);
    graph.failWith = 503;
    assertThatThrownBy(provider::readOrg).hasMessageContaining(
        "Error while reading users from Microsoft Graph: 503 serviceNotAvailable");
  }

  @Test
  void aTokenGraphNoLongerTakesIsReplacedOnTheNextRead() {
    MicrosoftGraphOrgEntityProvider provider = MicrosoftGraphOrgEntityProvider.builder(
        graph.config("contoso", "user: { loadPhotos: false }\n")).build();
    provider.readOrg();
    graph.tokens.clear(); // revoked
    assertThatThrownBy(provider::readOrg).hasMessageContaining("401 InvalidAuthenticationToken");
    assertThat(provider.readOrg().users()).hasSize(4);
    assertThat(graph.tokensIssued.get()).isEqualTo(2);
  }

  @Test
  void aNextLinkToAnotherOriginIsNotFollowed() {
    graph.maxPage = 2;
    graph.nextLinkOrigin = "http://127.0.0.2:9";
    assertThatThrownBy(MicrosoftGraphOrgEntityProvider.builder(
            graph.config("contoso", "user: { loadPhotos: false }\n")).build()::readOrg)
        .hasMessageContaining("Error while reading users from Microsoft Graph: @odata.nextLink"
            + " points at another origin than " + graph.base());
  }

  @Test
  void throttledRequestsWaitForRetryAfterAFewTimes() {
    MicrosoftGraphOrgEntityProvider provider = MicrosoftGraphOrgEntityProvider.builder(
        graph.config("contoso", "user: { loadPhotos: false }\n")).build();
    graph.throttleNext.set(2);
    assertThat(provider.readOrg().users()).hasSize(4);
    assertThat(graph.requestsTo("/v1.0/users")).hasSize(3); // two throttled, then the answer

    graph.requests.clear();
    graph.throttleNext.set(3);
    assertThatThrownBy(provider::readOrg).hasMessageContaining(
        "Error while reading users from Microsoft Graph: 429 TooManyRequests");
    assertThat(graph.requestsTo("/v1.0/users")).hasSize(3);

    graph.requests.clear();
    graph.retryAfter = "3600"; // longer than the provider waits: fails at once
    graph.throttleNext.set(1);
    assertThatThrownBy(provider::readOrg).hasMessageContaining("429 TooManyRequests");
    assertThat(graph.requestsTo("/v1.0/users")).hasSize(1);
  }

  @Test
  void moreItemsThanTheLimitFailTheRead() {
    graph.maxPage = 2;
    MicrosoftGraphOrgEntityProvider provider = MicrosoftGraphOrgEntityProvider.builder(
        graph.config("contoso", "user: { loadPhotos: false }\n")).maxItems(5).build();
    assertThatThrownBy(provider::readOrg).hasMessageContaining("more than 5 items");
  }

  @Test
  void normalizeEntityNameAsBackstages() {
    assertThat(dev.greenroom.catalog.msgraph.internal.GraphOrgReader
        .normalizeEntityName(" John.Doe+Test@Example.COM ")).isEqualTo("john.doe_test_example.com");
    assertThat(dev.greenroom.catalog.msgraph.internal.GraphOrgReader
        .normalizeEntityName("Sales & Marketing!!")).isEqualTo("sales_marketing");
  }
}
