package dev.greenroom.catalog.ldap.internal;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How one kind of directory names things: which attribute holds an entry's DN and which its UUID,
 * and how values are decoded. Backstage's vendors: OpenLDAP and most others ({@code entryDN},
 * {@code entryUUID}), Active Directory ({@code distinguishedName}, binary {@code objectGUID} shown
 * as a GUID string), FreeIPA ({@code dn}, {@code ipaUniqueID}), Æ-DIR ({@code dn}, {@code
 * entryUUID}), Google ({@code dn}, {@code uid}) and LLDAP ({@code dn}, {@code entryuuid}). The
 * attribute name {@code dn} means the entry's own name when the entry has no such attribute.
 *
 * @param name the vendor's name, for logs
 * @param dnAttributeName the attribute with the entry's DN
 * @param uuidAttributeName the attribute with the entry's UUID
 * @param binaryGuid whether the UUID attribute is Active Directory's 16-byte GUID
 */
public record LdapVendor(String name, String dnAttributeName, String uuidAttributeName,
    boolean binaryGuid) {

  public static final LdapVendor DEFAULT = new LdapVendor("default", "entryDN", "entryUUID", false);
  public static final LdapVendor ACTIVE_DIRECTORY =
      new LdapVendor("Active Directory", "distinguishedName", "objectGUID", true);
  public static final LdapVendor FREE_IPA = new LdapVendor("FreeIPA", "dn", "ipaUniqueID", false);
  public static final LdapVendor AE_DIR = new LdapVendor("AE-DIR", "dn", "entryUUID", false);
  public static final LdapVendor GOOGLE = new LdapVendor("Google", "dn", "uid", false);
  public static final LdapVendor LLDAP = new LdapVendor("LLDAP", "dn", "entryuuid", false);

  /** The same vendor with the given attribute names where they are not null. */
  public LdapVendor with(String dnAttribute, String uuidAttribute) {
    return new LdapVendor(name, dnAttribute != null ? dnAttribute : dnAttributeName,
        uuidAttribute != null ? uuidAttribute : uuidAttributeName, binaryGuid);
  }

  /** The string values of an attribute (names compare without case, as LDAP's do); empty if absent. */
  public List<String> values(Entry entry, String attributeName) {
    Attribute a = entry.getAttribute(attributeName);
    if (a == null) {
      if (attributeName.equalsIgnoreCase("dn")) {
        return List.of(entry.getDN());
      }
      return List.of();
    }
    if (binaryGuid && attributeName.equalsIgnoreCase(uuidAttributeName)) {
      List<String> out = new ArrayList<>();
      for (byte[] v : a.getValueByteArrays()) {
        out.add(formatGuid(v));
      }
      return out;
    }
    return List.of(a.getValues());
  }

  /**
   * Active Directory's {@code objectGUID} (16 bytes, the first three groups little-endian) as the
   * GUID string Windows shows.
   */
  static String formatGuid(byte[] b) {
    if (b.length != 16) {
      StringBuilder hex = new StringBuilder();
      for (byte x : b) {
        hex.append(String.format(Locale.ROOT, "%02x", x));
      }
      return hex.toString();
    }
    int[] order = {3, 2, 1, 0, -1, 5, 4, -1, 7, 6, -1, 8, 9, -1, 10, 11, 12, 13, 14, 15};
    StringBuilder s = new StringBuilder(36);
    for (int i : order) {
      if (i < 0) {
        s.append('-');
      } else {
        s.append(String.format(Locale.ROOT, "%02x", b[i]));
      }
    }
    return s.toString();
  }
}
