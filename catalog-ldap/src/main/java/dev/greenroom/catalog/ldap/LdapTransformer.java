package dev.greenroom.catalog.ldap;

import dev.greenroom.catalog.model.Entity;
import org.jspecify.annotations.Nullable;

/**
 * Backstage's {@code UserTransformer} / {@code GroupTransformer}: turns one directory entry into
 * the User or Group entity the catalog gets, given what the default transformer made of it. Called
 * on the read's thread, once per entry.
 *
 * <p>Keep the {@code backstage.io/ldap-dn}, {@code -uuid} and {@code -rdn} annotations of {@code
 * standard} (or set them): memberships are resolved through them after all entries are read, and
 * the entity's {@code spec.memberOf}, {@code spec.parent} and {@code spec.children} are written
 * then.
 */
@FunctionalInterface
public interface LdapTransformer {
  /**
   * The entity for {@code entry}.
   *
   * @param entry the directory entry
   * @param standard what Backstage's default transformer makes of it; {@code null} when the entry
   *     lacks the attribute mapped to {@code metadata.name} (the default transformer would fail)
   * @return the entity, or {@code null} to leave the entry out
   */
  @Nullable Entity transform(LdapEntry entry, @Nullable Entity standard);
}
