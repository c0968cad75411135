package dev.greenroom.auth.resolver;

import java.util.List;
import java.util.Objects;

/**
 * Who a sign-in resolved to: the user entity and the refs their ownership is claimed through
 * (Backstage's {@code sub} and {@code ent} claims).
 *
 * @param userEntityRef a user entity ref, such as {@code user:default/jane}
 * @param ownershipEntityRefs the user and the groups they are a member of
 */
public record SignInIdentity(String userEntityRef, List<String> ownershipEntityRefs) {
  public SignInIdentity {
    Objects.requireNonNull(userEntityRef, "userEntityRef");
    ownershipEntityRefs = List.copyOf(ownershipEntityRefs);
  }
}
