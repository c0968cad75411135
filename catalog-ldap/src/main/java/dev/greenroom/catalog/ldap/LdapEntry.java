package dev.greenroom.catalog.ldap;

import java.util.List;
import java.util.Set;

/**
 * One directory entry as a transformer sees it: its DN and its attributes' values as strings,
 * decoded as the vendor decodes them (Active Directory's {@code objectGUID} as a GUID string).
 * Attribute names compare without case, as LDAP's do.
 */
public interface LdapEntry {
  /** The entry's DN as the server sent it. */
  String dn();

  /** The values of an attribute; empty when the entry has none. */
  List<String> values(String attribute);

  /** The names of the attributes the entry has. */
  Set<String> attributeNames();
}
