package dev.greenroom.catalog.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LdapProviderConfigTest {
  @Test
  void readsBackstagesKeysWithItsDefaults() {
    List<LdapProviderConfig> all = LdapProviderConfig.readAll(TestDirectory.yaml("""
        catalog:
          providers:
            ldapOrg:
              default:
                target: ldaps://ds.example.net/
                bind: { dn: 'uid=reader,ou=people,dc=example,dc=net', secret: hunter2-secret }
                tls: { rejectUnauthorized: false }
                users:
                  - dn: ou=people,dc=example,dc=net
                    options: { filter: '(uid=*)', paged: true }
                    map: { description: l }
                groups:
                  - dn: ou=access,dc=example,dc=net
                    options: { scope: sub, attributes: [cn, member], paged: { pageSize: 50 } }
                    set: { metadata.namespace: corp }
                schedule: { frequency: PT1H, timeout: { minutes: 50 } }
        """));
    assertThat(all).hasSize(1);
    LdapProviderConfig c = all.get(0);
    assertThat(c.id()).isEqualTo("default");
    assertThat(c.target()).isEqualTo("ldaps://ds.example.net");
    assertThat(c.tls().rejectUnauthorized()).isFalse();
    assertThat(c.users().get(0).options().scope()).isEqualTo("one");
    assertThat(c.users().get(0).options().attributes()).containsExactly("*", "+");
    assertThat(c.users().get(0).options().pageSize()).isEqualTo(100);
    assertThat(c.users().get(0).map().name()).isEqualTo("uid");
    assertThat(c.users().get(0).map().rdn()).isEqualTo("uid");
    assertThat(c.users().get(0).map().displayName()).isEqualTo("cn");
    assertThat(c.users().get(0).map().email()).isEqualTo("mail");
    assertThat(c.users().get(0).map().memberOf()).isEqualTo("memberOf");
    assertThat(c.users().get(0).map().description()).isEqualTo("l");
    var g = c.groups().get(0);
    assertThat(g.options().scope()).isEqualTo("sub");
    assertThat(g.options().attributes()).containsExactly("cn", "member");
    assertThat(g.options().pageSize()).isEqualTo(50);
    assertThat(g.map().type()).isEqualTo("groupType");
    assertThat(g.map().members()).isEqualTo("member");
    assertThat(g.map().description()).isEqualTo("description");
    assertThat(g.set()).containsKey("metadata.namespace");
    assertThat(c.schedule().frequency()).isEqualTo(Duration.ofHours(1));
    assertThat(c.schedule().timeout()).isEqualTo(Duration.ofMinutes(50));
    assertThat(c.toString()).contains("uid=reader").doesNotContain("hunter2-secret");
  }

  @Test
  void multiLineFiltersLoseTheWhitespaceBetweenParentheses() {
    LdapProviderConfig c = LdapProviderConfig.read("x", TestDirectory.yaml("""
        target: ldap://localhost
        users:
          dn: ou=people
          options:
            filter: |
              (|
                (ou=Engineering)
                (ou=Design)
              )
        """));
    assertThat(c.users().get(0).options().filter()).isEqualTo("(|(ou=Engineering)(ou=Design))");
  }

  @Test
  void badValuesAreNamedByTheirKey() {
    assertThatThrownBy(() -> LdapProviderConfig.read("corp", TestDirectory.yaml("bind: {}")))
        .hasMessage("catalog.providers.ldapOrg.corp.target is required");
    assertThatThrownBy(() -> LdapProviderConfig.read("corp", TestDirectory.yaml(
        "target: https://ds.example.net")))
        .hasMessageContaining("catalog.providers.ldapOrg.corp.target must be an ldap:// or ldaps://");
    assertThatThrownBy(() -> LdapProviderConfig.read("corp", TestDirectory.yaml("""
        target: ldap://x
        bind: { dn: 'cn=a' }
        """))).hasMessage("catalog.providers.ldapOrg.corp.bind.secret is required");
    assertThatThrownBy(() -> LdapProviderConfig.read("corp", TestDirectory.yaml("""
        target: ldap://x
        users: [ { dn: a }, { dn: b, options: { scope: everything } } ]
        """))).hasMessageContaining("catalog.providers.ldapOrg.corp.users[1].options.scope must be");
    assertThatThrownBy(() -> LdapProviderConfig.read("corp", TestDirectory.yaml("""
        target: ldap://x
        groups: { dn: a, options: { paged: { pageSize: 0 } } }
        """))).hasMessageContaining("catalog.providers.ldapOrg.corp.groups.options.paged.pageSize");
    assertThatThrownBy(() -> LdapProviderConfig.read("corp", TestDirectory.yaml("""
        target: ldap://x
        schedule: { frequency: often, timeout: PT1M }
        """))).hasMessageContaining("catalog.providers.ldapOrg.corp.schedule.frequency");
  }
}
