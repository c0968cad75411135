package dev.greenroom.http.auth;

import java.security.Principal;
import java.util.List;
import java.util.Objects;

/**
 * A signed-in user, as a Backstage user token names them: the user entity and the entities the
 * user's ownership is claimed through (the user, their groups). Permission policies use {@link
 * #ownershipEntityRefs()} for "is owner" conditions; the scaffolder records {@link #getName()} as a
 * task's {@code createdBy}.
 *
 * @param userEntityRef the user entity ref, for example {@code user:default/jane}
 * @param ownershipEntityRefs refs the user's ownership is claimed through (Backstage's {@code ent})
 */
public record UserPrincipal(String userEntityRef, List<String> ownershipEntityRefs)
    implements Principal {
  public UserPrincipal {
    Objects.requireNonNull(userEntityRef, "userEntityRef");
    ownershipEntityRefs = List.copyOf(ownershipEntityRefs);
  }

  @Override
  public String getName() {
    return userEntityRef;
  }
}
