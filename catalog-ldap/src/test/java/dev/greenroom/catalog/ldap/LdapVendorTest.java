package dev.greenroom.catalog.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.Attribute;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.CatalogEngine;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Vendor differences: Active Directory names DNs and UUIDs with other attributes than OpenLDAP. */
class LdapVendorTest {
  static final String AD_CONFIG = """
      target: TARGET
      users:
        dn: ou=Staff,dc=example,dc=com
        options: { filter: (objectClass=user) }
        map: { rdn: cn, name: sAMAccountName, displayName: displayName }
      groups:
        dn: ou=Staff,dc=example,dc=com
        options: { filter: (objectClass=group) }
      """;

  @Test
  void aRootDseWithForestFunctionalityMeansActiveDirectory() throws Exception {
    try (TestDirectory ad = TestDirectory.start("/ldap/active-directory.ldif",
        List.of(new Attribute("forestFunctionality", "7")))) {
      LdapOrg org = LdapOrgEntityProvider.builder(ad.config("ad", AD_CONFIG)).build().readOrg();
      Entity alice = org.users().get(0);
      assertThat(alice.ref().toString()).isEqualTo("user:default/alice");
      assertThat(alice.metadata().annotation("backstage.io/ldap-dn"))
          .isEqualTo("CN=Alice Adams,OU=Staff,DC=example,DC=com");
      // objectGUID bytes 00 11 22 .. ff: the first three groups little-endian, as Windows shows it
      assertThat(alice.metadata().annotation("backstage.io/ldap-uuid"))
          .isEqualTo("33221100-5544-7766-8899-aabbccddeeff");
      assertThat(alice.metadata().annotation("backstage.io/ldap-rdn")).isEqualTo("Alice Adams");
      assertThat(LdapOrgEntityProviderTest.strings(alice, "memberOf"))
          .containsExactly("group:default/developers");

      Entity developers = org.groups().get(0);
      assertThat(developers.ref().name()).isEqualTo("Developers");
      assertThat(developers.spec().path("type").asString()).isEqualTo("-2147483646");
      assertThat(developers.metadata().annotation("backstage.io/ldap-uuid"))
          .isEqualTo("3c2d1e0f-5a4b-7869-8796-a5b4c3d2e1f0");
      assertThat(developers.spec().path("parent").asString()).isEqualTo("group:default/engineering");
      assertThat(LdapOrgEntityProviderTest.strings(org.groups().get(1), "children"))
          .containsExactly("group:default/developers");
      assertThat(org.groups().get(1).metadata().annotation("backstage.io/ldap-uuid"))
          .isEqualTo("efbeadde-0201-0403-0506-0708090a0b0c");
    }
  }

  @Test
  void mixedCaseNamesRelateThroughBackstagesLowerCaseRefs() throws Exception {
    try (TestDirectory ad = TestDirectory.start("/ldap/active-directory.ldif",
        List.of(new Attribute("forestFunctionality", "7")))) {
      LdapOrgEntityProvider provider = LdapOrgEntityProvider.builder(ad.config("ad", AD_CONFIG))
          .build();
      try (CatalogEngine engine = CatalogEngine.builder().provider(provider)
          .processingDisabled().build()) {
        engine.start();
        provider.read();
        assertThat(engine.awaitIdle(Duration.ofMinutes(1))).isTrue();
        Entity developers = engine.catalog().entity(EntityRef.parse("group:default/Developers"))
            .orElseThrow();
        assertThat(developers.relations()).extracting(r -> r.type() + " " + r.targetRef())
            .contains("hasMember user:default/alice", "childOf group:default/engineering");
        Entity alice = engine.catalog().entity(EntityRef.parse("user:default/alice")).orElseThrow();
        assertThat(alice.relations()).extracting(r -> r.type() + " " + r.targetRef())
            .contains("memberOf group:default/developers");
      }
    }
  }

  @Test
  void withoutTheAdRootDseTheSameEntriesAreReadAsOpenLdapWouldName() throws Exception {
    try (TestDirectory plain = TestDirectory.start("/ldap/active-directory.ldif")) {
      LdapOrg org = LdapOrgEntityProvider.builder(plain.config("x", AD_CONFIG)).build().readOrg();
      Entity alice = org.users().get(0);
      // entryDN and entryUUID: the server's own operational attributes (this server writes
      // entryDN normalized)
      assertThat(alice.metadata().annotation("backstage.io/ldap-dn"))
          .isEqualTo("cn=alice adams,ou=staff,dc=example,dc=com");
      assertThat(alice.metadata().annotation("backstage.io/ldap-uuid"))
          .isNotEqualTo("33221100-5544-7766-8899-aabbccddeeff").hasSize(36);
      // memberOf values are AD's DNs: they still match the group's entryDN, case aside
      assertThat(LdapOrgEntityProviderTest.strings(alice, "memberOf"))
          .containsExactly("group:default/developers");
    }
  }

  @Test
  void vendorConfigOverridesTheDetectedAttributes() throws Exception {
    try (TestDirectory plain = TestDirectory.start("/ldap/active-directory.ldif")) {
      LdapOrg org = LdapOrgEntityProvider.builder(plain.config("x", AD_CONFIG
          + "vendor: { dnAttributeName: distinguishedName, uuidAttributeName: cn }\n"))
          .build().readOrg();
      Entity alice = org.users().get(0);
      assertThat(alice.metadata().annotation("backstage.io/ldap-dn"))
          .isEqualTo("CN=Alice Adams,OU=Staff,DC=example,DC=com");
      assertThat(alice.metadata().annotation("backstage.io/ldap-uuid")).isEqualTo("Alice Adams");
    }
  }
}
