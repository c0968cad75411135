package dev.greenroom.catalog.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.processing.DeferredEntity;
import dev.greenroom.catalog.processing.EntityMutation;
import dev.greenroom.catalog.processing.EntityProviderConnection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The provider against a real LDAP server (UnboundID's in-memory directory server). */
class LdapOrgEntityProviderTest {
  private TestDirectory directory;

  @BeforeEach
  void start() throws Exception {
    directory = TestDirectory.start("/ldap/org.ldif");
  }

  @AfterEach
  void stop() {
    directory.close();
  }

  static final String CONFIG = """
      target: TARGET/
      bind: { dn: 'cn=reader,dc=example,dc=com', secret: s3cret-reader-pw }
      users:
        - dn: ou=people,dc=example,dc=com
          options:
            filter: |
              (&
                (objectClass=inetOrgPerson)
                (uid=*)
              )
          map: { description: description }
      groups:
        dn: ou=groups,dc=example,dc=com
        set:
          spec.type: team
          metadata.annotations["example.com/source"]: corporate-ldap
      """;

  /** Records what the provider applies. */
  static final class Recorder implements EntityProviderConnection {
    final List<EntityMutation> mutations = new ArrayList<>();

    @Override
    public void applyMutation(EntityMutation mutation) {
      mutations.add(mutation);
    }

    @Override
    public void refresh(Collection<String> keys) {}

    Map<String, Entity> last() {
      EntityMutation.Full full = (EntityMutation.Full) mutations.get(mutations.size() - 1);
      return full.entities().stream().map(DeferredEntity::entity)
          .collect(Collectors.toMap(e -> e.ref().toString(), Function.identity()));
    }
  }

  @Test
  void usersAndGroupsWithBackstagesDefaultsAndAnnotations() {
    LdapOrgEntityProvider provider = LdapOrgEntityProvider.builder(directory.config("corp", CONFIG))
        .build();
    assertThat(provider.name()).isEqualTo("LdapOrgEntityProvider:corp");
    Recorder recorder = new Recorder();
    provider.connect(recorder);
    LdapOrg org = provider.read();

    assertThat(org.users()).extracting(e -> e.ref().name())
        .containsExactly("alice", "bob", "carol", "dave", "erin", "frank", "grace");
    assertThat(org.groups()).extracting(e -> e.ref().name())
        .containsExactly("engineering", "platform", "team-a", "team-b");

    Map<String, Entity> all = recorder.last();
    assertThat(all).hasSize(11);
    Entity alice = all.get("user:default/alice");
    assertThat(alice.apiVersion()).isEqualTo("backstage.io/v1beta1");
    assertThat(alice.metadata().annotation("backstage.io/ldap-rdn")).isEqualTo("alice");
    assertThat(alice.metadata().annotation("backstage.io/ldap-dn"))
        .isEqualTo("uid=alice,ou=people,dc=example,dc=com");
    assertThat(alice.metadata().annotation("backstage.io/ldap-uuid"))
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(alice.metadata().annotation("backstage.io/managed-by-location"))
        .isEqualTo("ldap://corp/uid%3Dalice%2Cou%3Dpeople%2Cdc%3Dexample%2Cdc%3Dcom");
    assertThat(alice.metadata().annotation("backstage.io/managed-by-origin-location"))
        .isEqualTo(alice.metadata().annotation("backstage.io/managed-by-location"));
    assertThat(alice.toJson().path("metadata").path("description").asString())
        .isEqualTo("Staff engineer");
    assertThat(alice.spec().path("profile").path("displayName").asString()).isEqualTo("Alice Adams");
    assertThat(alice.spec().path("profile").path("email").asString()).isEqualTo("alice@example.com");
    // two mail values: Backstage maps an attribute only when it has exactly one value
    assertThat(all.get("user:default/grace").spec().path("profile").has("email")).isFalse();
    assertThat(all.get("user:default/frank").spec().path("memberOf").size()).isZero();

    Entity teamA = all.get("group:default/team-a");
    assertThat(teamA.apiVersion()).isEqualTo("backstage.io/v1beta1");
    assertThat(teamA.spec().path("type").asString()).isEqualTo("team");
    assertThat(teamA.toJson().path("metadata").path("description").asString()).isEqualTo("Team A");
    assertThat(teamA.spec().path("profile").path("displayName").asString()).isEqualTo("team-a");
    assertThat(teamA.metadata().annotation("example.com/source")).isEqualTo("corporate-ldap");
    assertThat(teamA.metadata().annotation("backstage.io/ldap-rdn")).isEqualTo("team-a");

    assertThat(((EntityMutation.Full) recorder.mutations.get(0)).entities())
        .allSatisfy(d -> assertThat(d.locationKey()).isEqualTo("ldap-org-provider:corp"));
  }

  @Test
  void membershipsResolveFromMemberAndMemberOfInBothDirections() {
    LdapOrg org = LdapOrgEntityProvider.builder(directory.config("corp", CONFIG)).build().readOrg();
    Map<String, Entity> all = new java.util.HashMap<>();
    org.users().forEach(e -> all.put(e.ref().toString(), e));
    org.groups().forEach(e -> all.put(e.ref().toString(), e));

    // alice's own memberOf names the group in another case and spacing of its DN
    assertThat(strings(all.get("user:default/alice"), "memberOf")).containsExactly("group:default/team-a");
    // bob, carol, dave and erin are listed by their groups' member attribute
    assertThat(strings(all.get("user:default/bob"), "memberOf")).containsExactly("group:default/team-a");
    assertThat(strings(all.get("user:default/carol"), "memberOf")).containsExactly("group:default/team-b");
    assertThat(strings(all.get("user:default/erin"), "memberOf")).containsExactly("group:default/platform");
    // nested groups: engineering lists team-a and team-b as members; platform names engineering
    // in its own memberOf
    assertThat(strings(all.get("group:default/engineering"), "children")).containsExactly(
        "group:default/platform", "group:default/team-a", "group:default/team-b");
    assertThat(all.get("group:default/engineering").spec().has("parent")).isFalse();
    for (String child : List.of("team-a", "team-b", "platform")) {
      assertThat(all.get("group:default/" + child).spec().path("parent").asString())
          .isEqualTo("group:default/engineering");
    }
    // uid=nobody is a member of team-b but not in the directory: dropped
    assertThat(strings(all.get("group:default/team-b"), "children")).isEmpty();
  }

  @Test
  void pagedSearchesAskForPagesOfTheConfiguredSize() {
    LdapProviderConfig config = directory.config("corp", """
        target: TARGET
        users:
          dn: ou=people,dc=example,dc=com
          options: { paged: { pageSize: 2 } }
        groups:
          dn: ou=groups,dc=example,dc=com
          options: { paged: true }
        """);
    LdapOrg org = LdapOrgEntityProvider.builder(config).build().readOrg();
    assertThat(org.users()).hasSize(7);
    assertThat(org.groups()).hasSize(4);
    List<TestDirectory.Search> people = directory.searches().stream()
        .filter(s -> s.base().equals("ou=people,dc=example,dc=com")).toList();
    // 7 users in pages of 2: 2, 2, 2, 1
    assertThat(people).hasSize(4).allMatch(TestDirectory.Search::paged);
    assertThat(directory.searches().stream()
        .filter(s -> s.base().equals("ou=groups,dc=example,dc=com")).toList())
        .hasSize(1).allMatch(TestDirectory.Search::paged);
    assertThat(strings(org.users().get(0), "memberOf")).containsExactly("group:default/team-a");
  }

  @Test
  void moreEntriesThanTheLimitFailTheRead() {
    LdapOrgEntityProvider provider = LdapOrgEntityProvider.builder(directory.config("corp", """
        target: TARGET
        users: { dn: 'ou=people,dc=example,dc=com', options: { paged: { pageSize: 2 } } }
        """)).maxEntries(5).build();
    assertThatThrownBy(provider::readOrg).isInstanceOf(LdapOrgException.class)
        .hasMessageContaining("LdapOrgEntityProvider:corp")
        .hasMessageContaining("ou=people,dc=example,dc=com")
        .hasMessageContaining("more than 5 entries");
  }

  @Test
  void aRefusedBindNamesTargetAndBindDnButNotTheSecret() {
    LdapOrgEntityProvider provider = LdapOrgEntityProvider.builder(directory.config("corp", """
        target: TARGET
        bind: { dn: 'cn=reader,dc=example,dc=com', secret: not-the-password-42 }
        users: { dn: 'ou=people,dc=example,dc=com' }
        """)).build();
    Recorder recorder = new Recorder();
    provider.connect(recorder);
    assertThatThrownBy(provider::read).isInstanceOf(LdapOrgException.class)
        .hasMessageContaining("LDAP bind failed for cn=reader,dc=example,dc=com at "
            + directory.target())
        .hasMessageContaining("invalid credentials")
        .satisfies(e -> assertThat(stackText(e)).doesNotContain("not-the-password-42"));
    assertThat(recorder.mutations).isEmpty();
    assertThat(provider.config().toString()).doesNotContain("not-the-password-42");
  }

  @Test
  void aBadFilterIsNamed() {
    LdapOrgEntityProvider provider = LdapOrgEntityProvider.builder(directory.config("corp", """
        target: TARGET
        users: { dn: 'ou=people,dc=example,dc=com', options: { filter: '(uid=*' } }
        """)).build();
    assertThatThrownBy(provider::readOrg).hasMessageContaining("filter '(uid=*'")
        .hasMessageContaining("ou=people,dc=example,dc=com");
  }

  @Test
  void anEntryWithoutTheNameAttributeFailsAsBackstagesDoes() {
    LdapOrgEntityProvider provider = LdapOrgEntityProvider.builder(directory.config("corp", """
        target: TARGET
        users: { dn: 'ou=people,dc=example,dc=com', map: { name: employeeNumber } }
        """)).build();
    assertThatThrownBy(provider::readOrg).hasMessageContaining(
        "User syncing failed: missing 'employeeNumber' attribute on uid=alice,ou=people,dc=example,dc=com");
  }

  @Test
  void transformersDecideEachEntityFromTheDefaultOne() {
    LdapOrg org = LdapOrgEntityProvider.builder(directory.config("corp", """
        target: TARGET
        users: { dn: 'ou=people,dc=example,dc=com', map: { name: employeeNumber } }
        groups: { dn: 'ou=groups,dc=example,dc=com' }
        """))
        .userTransformer((entry, standard) -> {
          assertThat(standard).isNull(); // no employeeNumber: the default has no name
          if (entry.values("uid").get(0).equals("frank")) {
            return null; // left out
          }
          return Entity.fromJson(dev.greenroom.catalog.json.Json.parse("""
              {"apiVersion": "backstage.io/v1alpha1", "kind": "User",
               "metadata": {"name": "%s", "annotations": {"backstage.io/ldap-dn": "%s",
                 "example.com/surname": "%s"}},
               "spec": {"memberOf": []}}
              """.formatted(entry.values("uid").get(0), entry.dn(), entry.values("SN").get(0))));
        })
        .groupTransformer((entry, standard) -> standard.edit(json ->
            json.withObjectProperty("spec").put("type", "department")))
        .build().readOrg();
    assertThat(org.users()).extracting(e -> e.ref().name())
        .containsExactly("alice", "bob", "carol", "dave", "erin", "grace");
    Entity bob = org.users().get(1);
    assertThat(bob.metadata().annotation("example.com/surname")).isEqualTo("Brown");
    // memberships still resolve through the DN annotation the transformer kept
    assertThat(strings(bob, "memberOf")).containsExactly("group:default/team-a");
    assertThat(org.groups()).allSatisfy(g ->
        assertThat(g.spec().path("type").asString()).isEqualTo("department"));
    assertThat(strings(org.groups().get(0), "children")).hasSize(3);
  }

  static List<String> strings(Entity e, String field) {
    List<String> out = new ArrayList<>();
    e.spec().path(field).forEach(n -> out.add(n.asString()));
    return out;
  }

  static String stackText(Throwable t) {
    java.io.StringWriter w = new java.io.StringWriter();
    t.printStackTrace(new java.io.PrintWriter(w));
    return w.toString();
  }
}
