package dev.greenroom.catalog.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.Relation;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.catalog.processing.schedule.TaskSchedule;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

/**
 * The provider's entities through the catalog engine: the relations Backstage makes from them,
 * the schedule, and a server that goes away.
 */
class LdapOrgEngineTest {

  static Entity entity(CatalogEngine engine, String ref) {
    return engine.catalog().entity(EntityRef.parse(ref)).orElseThrow(
        () -> new AssertionError(ref + " is not in the catalog"));
  }

  static Relation rel(String type, String target) {
    return new Relation(type, EntityRef.parse(target));
  }

  @Test
  void processedEntitiesCarryMemberOfHasMemberParentOfAndChildOf() throws Exception {
    try (TestDirectory directory = TestDirectory.start("/ldap/org.ldif")) {
      LdapOrgEntityProvider provider = LdapOrgEntityProvider.builder(
          directory.config("corp", LdapOrgEntityProviderTest.CONFIG)).build();
      try (CatalogEngine engine = CatalogEngine.builder().provider(provider)
          .processingDisabled().build()) {
        engine.start();
        provider.read();
        assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();

        assertThat(entity(engine, "user:default/alice").relations())
            .contains(rel("memberOf", "group:default/team-a"));
        assertThat(entity(engine, "group:default/team-a").relations()).contains(
            rel("hasMember", "user:default/alice"),
            rel("hasMember", "user:default/bob"),
            rel("childOf", "group:default/engineering"));
        assertThat(entity(engine, "group:default/engineering").relations()).contains(
            rel("parentOf", "group:default/team-a"),
            rel("parentOf", "group:default/team-b"),
            rel("parentOf", "group:default/platform"));
        assertThat(entity(engine, "group:default/platform").relations()).contains(
            rel("childOf", "group:default/engineering"),
            rel("hasMember", "user:default/erin"));
        assertThat(entity(engine, "user:default/frank").relations()).isEmpty();
        assertThat(entity(engine, "group:default/team-b").metadata().annotation(
            "backstage.io/managed-by-location")).isEqualTo(
            "ldap://corp/cn%3Dteam-b%2Cou%3Dgroups%2Cdc%3Dexample%2Cdc%3Dcom");
      }
    }
  }

  @Test
  void changesInTheDirectoryReachTheCatalogOnTheNextRead() throws Exception {
    try (TestDirectory directory = TestDirectory.start("/ldap/org.ldif")) {
      LdapOrgEntityProvider provider = LdapOrgEntityProvider.builder(
          directory.config("corp", LdapOrgEntityProviderTest.CONFIG)).build();
      try (CatalogEngine engine = CatalogEngine.builder().provider(provider)
          .processingDisabled().build()) {
        engine.start();
        provider.read();
        assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();
        assertThat(engine.catalog().entity(EntityRef.parse("user:default/frank"))).isPresent();

        // frank leaves; bob moves from team-a to team-b
        directory.server.delete("uid=frank,ou=people,dc=example,dc=com");
        directory.server.modify("cn=team-a,ou=groups,dc=example,dc=com", new Modification(
            ModificationType.DELETE, "member", "uid=bob,ou=people,dc=example,dc=com"));
        directory.server.modify("cn=team-b,ou=groups,dc=example,dc=com", new Modification(
            ModificationType.ADD, "member", "uid=bob,ou=people,dc=example,dc=com"));
        provider.read();
        assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();

        assertThat(engine.catalog().entity(EntityRef.parse("user:default/frank"))).isEmpty();
        assertThat(entity(engine, "user:default/bob").relations())
            .contains(rel("memberOf", "group:default/team-b"))
            .doesNotContain(rel("memberOf", "group:default/team-a"));
        assertThat(entity(engine, "group:default/team-a").relations())
            .doesNotContain(rel("hasMember", "user:default/bob"));
        assertThat(entity(engine, "group:default/team-b").relations())
            .contains(rel("hasMember", "user:default/bob"));
      }
    }
  }

  @Test
  void theScheduleReadsWithTheHostsThreadsAndAServerThatGoesAwayLeavesTheLastGoodEntities()
      throws Exception {
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    TestDirectory directory = TestDirectory.start("/ldap/org.ldif");
    try {
      LdapOrgEntityProvider provider = LdapOrgEntityProvider.builder(
              directory.config("corp", LdapOrgEntityProviderTest.CONFIG))
          .schedule(TaskSchedule.manual(Duration.ofMinutes(1)))
          .scheduler(scheduler)
          .build();
      try (CatalogEngine engine = CatalogEngine.builder().rules(CatalogRules.allowAll())
          .provider(provider).processingDisabled().build()) {
        engine.start();
        provider.trigger(); // as the schedule would
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (engine.catalog().entity(EntityRef.parse("user:default/alice")).isEmpty()
            && System.nanoTime() < deadline) {
          Thread.sleep(50);
          engine.awaitIdle(Duration.ofSeconds(5));
        }
        assertThat(entity(engine, "user:default/alice").relations())
            .contains(rel("memberOf", "group:default/team-a"));

        String target = directory.target();
        directory.close();
        assertThatThrownBy(provider::read).isInstanceOf(LdapOrgException.class)
            .hasMessage("LdapOrgEntityProvider:corp: cannot connect to " + target
                + ": connection refused");
        assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();
        assertThat(entity(engine, "user:default/alice").relations())
            .contains(rel("memberOf", "group:default/team-a"));
        assertThat(entity(engine, "group:default/engineering")).isNotNull();
        provider.close();
      }
    } finally {
      directory.close();
      scheduler.shutdownNow();
    }
  }

  @Test
  void withASchedulerButNoScheduleTheBuilderSaysWhereOneGoes() throws Exception {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try (TestDirectory directory = TestDirectory.start("/ldap/org.ldif")) {
      assertThatThrownBy(() -> LdapOrgEntityProvider.builder(
              directory.config("corp", LdapOrgEntityProviderTest.CONFIG))
          .scheduler(scheduler).build())
          .hasMessageContaining("catalog.providers.ldapOrg.corp.schedule");
    } finally {
      scheduler.shutdownNow();
    }
  }
}
