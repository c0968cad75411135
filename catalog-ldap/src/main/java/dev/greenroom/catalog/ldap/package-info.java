/**
 * Backstage's {@code ldapOrg} entity provider: {@link dev.greenroom.catalog.ldap.LdapOrgEntityProvider}
 * (the entry point) reads users and groups from an LDAP directory and hands them to the catalog
 * engine as User and Group entities on a schedule; {@link dev.greenroom.catalog.ldap.LdapProviderConfig}
 * reads {@code catalog.providers.ldapOrg.<id>} from {@code app-config.yaml}; {@link
 * dev.greenroom.catalog.ldap.LdapOrg} is what one read found; {@link
 * dev.greenroom.catalog.ldap.LdapOrgException} is the module's one error type.
 */
@NullMarked
package dev.greenroom.catalog.ldap;

import org.jspecify.annotations.NullMarked;
