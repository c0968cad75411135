package dev.greenroom.http.auth;

import java.security.Principal;
import java.util.Objects;

/**
 * A caller known by name, as the built-in authenticators report it.
 *
 * @param name the subject, for example {@code user:default/jane} or a service name
 */
public record ApiPrincipal(String name) implements Principal {
  /** The caller when authentication is off. */
  public static final ApiPrincipal ANONYMOUS = new ApiPrincipal("anonymous");

  public ApiPrincipal {
    Objects.requireNonNull(name, "name");
  }

  @Override
  public String getName() {
    return name;
  }
}
