package dev.greenroom.auth.resolver;

import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.InvalidEntityRefException;
import dev.greenroom.catalog.model.Relation;
import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.catalog.query.EntityQuery;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Sign-in against the catalog's User entities, with Backstage's built-in resolvers (config names
 * in brackets): by email ({@code emailMatchingUserEntityProfileEmail}: {@code
 * spec.profile.email}), by the email's local part ({@code emailLocalPartMatchingUserEntityName}:
 * the user's name), by an annotation ({@code emailMatchingUserEntityAnnotation}: {@code
 * backstage.io/email... }), and by entity ref. Ownership is the user and every group it is a
 * member of ({@code memberOf}), as Backstage's default ownership resolution gives.
 */
public final class CatalogSignIn {
  private final Catalog catalog;

  private CatalogSignIn(Catalog catalog) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
  }

  /** Resolvers over this catalog. */
  public static CatalogSignIn of(Catalog catalog) {
    return new CatalogSignIn(catalog);
  }

  /** Signs in as the User with this ref, if the catalog has it. */
  public SignInIdentity signInAs(String userEntityRef) {
    EntityRef ref;
    try {
      ref = EntityRef.parse(userEntityRef, "user", "default");
    } catch (InvalidEntityRefException e) {
      throw new SignInException("Invalid user entity ref '" + userEntityRef + "'");
    }
    Entity user = catalog.entity(ref).orElseThrow(() -> new SignInException(
        "Failed to sign-in, unable to resolve user identity: no user " + ref + " in the catalog"));
    return identityOf(user);
  }

  /** The identity of a User entity: the user and the groups it is a member of. */
  public static SignInIdentity identityOf(Entity user) {
    Set<String> ent = new LinkedHashSet<>();
    String ref = user.ref().toString();
    ent.add(ref);
    for (Relation r : user.relations()) {
      if (r.type().equals("memberOf")) {
        ent.add(r.targetRef().toString());
      }
    }
    return new SignInIdentity(ref, new ArrayList<>(ent));
  }

  /** {@code emailMatchingUserEntityProfileEmail}: the one User whose {@code spec.profile.email} is the email. */
  public SignInResolver byProfileEmail() {
    return profile -> one(requireEmail(profile), "spec.profile.email");
  }

  /** {@code emailMatchingUserEntityAnnotation}: the one User annotated {@code annotation: <email>}. */
  public SignInResolver byAnnotation(String annotation) {
    return profile -> one(requireEmail(profile), "metadata.annotations." + annotation);
  }

  /** {@code emailLocalPartMatchingUserEntityName}: the User named as the email's local part. */
  public SignInResolver byEmailLocalPart() {
    return profile -> {
      String email = requireEmail(profile);
      String local = email.substring(0, email.indexOf('@'));
      return signInAs("user:default/" + local.toLowerCase(Locale.ROOT));
    };
  }

  private SignInIdentity one(String value, String field) {
    EntityQuery q = EntityQuery.of(EntityPredicate.all(List.of(
        EntityPredicate.eq("kind", "user"), EntityPredicate.eq(field, value))));
    List<Entity> users = catalog.query(q).items().stream().map(Entity::fromJson).toList();
    if (users.size() != 1) {
      throw new SignInException("Failed to sign-in, unable to resolve user identity: "
          + (users.isEmpty() ? "no user" : users.size() + " users") + " with " + field + " '"
          + value + "' in the catalog");
    }
    return identityOf(users.get(0));
  }

  private static String requireEmail(SignInProfile profile) {
    String email = Optional.ofNullable(profile.email()).orElse("");
    if (email.indexOf('@') <= 0) {
      throw new SignInException("Login failed, user profile does not contain an email");
    }
    return email;
  }
}
