/**
 * Not API. The LDAP client on the UnboundID SDK (connection, bind, root DSE, paged searches with
 * limits), the vendor rules (which attribute holds an entry's DN and UUID, Active Directory's
 * binary GUIDs) and the reader that turns entries into entities and resolves memberships.
 */
@NullMarked
package dev.greenroom.catalog.ldap.internal;

import org.jspecify.annotations.NullMarked;
