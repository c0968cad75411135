package dev.greenroom.auth.provider;

import dev.greenroom.auth.resolver.CatalogSignIn;
import dev.greenroom.auth.resolver.SignInException;
import dev.greenroom.auth.resolver.SignInIdentity;
import dev.greenroom.auth.resolver.SignInProfile;
import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.InvalidEntityRefException;
import dev.greenroom.http.Call;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Backstage's guest provider ({@code auth.providers.guest}): anyone who can reach the backend signs
 * in as one configured user, {@code user:development/guest} by default, with no password. For
 * development only: Backstage refuses it outside development unless {@code
 * dangerouslyAllowOutsideDevelopment} is set, and so does Greenroom's {@code serve} on a public
 * address.
 *
 * <p>Ownership: the configured {@code ownershipEntityRefs}; else, when the catalog has the user,
 * the user and its groups; else the user alone.
 */
public final class GuestProvider implements AuthProvider {
  /** Backstage's default guest user. */
  public static final String DEFAULT_USER = "user:development/guest";

  private final String userEntityRef;
  private final @Nullable List<String> ownership;
  private final @Nullable Catalog catalog;

  private GuestProvider(String userEntityRef, @Nullable List<String> ownership,
      @Nullable Catalog catalog) {
    this.userEntityRef = userEntityRef;
    this.ownership = ownership;
    this.catalog = catalog;
  }

  /**
   * A guest provider.
   *
   * @param userEntityRef who guests are ({@code userEntityRef}); a short {@code name} means
   *     {@code user:default/name}
   * @param ownershipEntityRefs {@code ownershipEntityRefs}, or null for the user's groups
   * @param catalog where the user's groups are looked up, or null
   */
  public static GuestProvider of(String userEntityRef, @Nullable List<String> ownershipEntityRefs,
      @Nullable Catalog catalog) {
    String ref;
    try {
      ref = EntityRef.parse(Objects.requireNonNull(userEntityRef), "user", "default").toString();
    } catch (InvalidEntityRefException e) {
      throw new IllegalArgumentException("auth.providers.guest.userEntityRef: " + e.getMessage(), e);
    }
    List<String> own = ownershipEntityRefs == null ? null : ownershipEntityRefs.stream()
        .map(r -> EntityRef.parse(r, "group", "default").toString()).toList();
    return new GuestProvider(ref, own, catalog);
  }

  @Override
  public String id() {
    return "guest";
  }

  private SignInIdentity identity() {
    if (ownership != null) {
      return new SignInIdentity(userEntityRef, ownership);
    }
    if (catalog != null) {
      try {
        return CatalogSignIn.of(catalog).signInAs(userEntityRef);
      } catch (SignInException e) {
        // a guest need not be in the catalog
      }
    }
    return new SignInIdentity(userEntityRef, List.of(userEntityRef));
  }

  private static SignInProfile profile() {
    return new SignInProfile(null, "Guest", null, Map.of());
  }

  @Override
  public void start(Call call, ProviderContext ctx) throws IOException {
    call.header("Location", "handler/frame"); // no identity provider to visit
    call.empty(302);
  }

  @Override
  public void frameHandler(Call call, ProviderContext ctx) throws IOException {
    ctx.postSession(call, ctx.session(identity(), profile()));
  }

  @Override
  public void refresh(Call call, ProviderContext ctx) throws IOException {
    call.json(200, ctx.session(identity(), profile()));
  }
}
