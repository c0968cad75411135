package dev.greenroom.catalog.ldap;

/**
 * The module's one error: a bad {@code catalog.providers.ldapOrg} entry (naming the key), or a
 * read that failed (naming the provider, the target and, for a bind, the bind DN; never the
 * secret).
 */
public class LdapOrgException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An error with its message. */
  public LdapOrgException(String message) {
    super(message);
  }

  /** An error with its message and cause. */
  public LdapOrgException(String message, Throwable cause) {
    super(message, cause);
  }
}
