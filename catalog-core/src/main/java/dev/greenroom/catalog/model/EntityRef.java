package dev.greenroom.catalog.model;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A reference to an entity: {@code [<kind>:][<namespace>/]<name>}, as Backstage writes it.
 *
 * <p>Parsing keeps the case of each part (kind {@code Component} stays {@code Component}); equality,
 * hashing and {@link #toString()} use the canonical, lower-cased form {@code kind:namespace/name},
 * so {@code Component:default/Foo} and {@code component:default/foo} are the same reference.
 *
 * <p>Parsing follows Backstage's {@code parseEntityRef} exactly: a {@code /} before the first
 * {@code :} makes that colon part of the name ({@code ns/n:x} has no kind), {@code a:b:c} has kind
 * {@code a} and name {@code b:c}, and an empty part that is present fails.
 */
public final class EntityRef implements Comparable<EntityRef> {

  /** The namespace used when a reference or entity names none. */
  public static final String DEFAULT_NAMESPACE = "default";

  private final String kind;
  private final String namespace;
  private final String name;
  private final String canonical;

  private EntityRef(String kind, String namespace, String name) {
    this.kind = kind;
    this.namespace = namespace;
    this.name = name;
    this.canonical =
        kind.toLowerCase(Locale.ROOT)
            + ':'
            + namespace.toLowerCase(Locale.ROOT)
            + '/'
            + name.toLowerCase(Locale.ROOT);
  }

  /**
   * A reference from its three parts, which must all be non-empty.
   *
   * @throws InvalidEntityRefException if a part is missing or empty
   */
  public static EntityRef of(String kind, String namespace, String name) {
    if (kind == null || kind.isEmpty()) {
      throw new InvalidEntityRefException(
          "Entity reference "
              + describe(kind, namespace, name)
              + " had missing or empty kind (e.g. did not start with \"component:\" or similar)");
    }
    if (namespace == null || namespace.isEmpty()) {
      throw new InvalidEntityRefException(
          "Entity reference " + describe(kind, namespace, name) + " had missing or empty namespace");
    }
    if (name == null || name.isEmpty()) {
      throw new InvalidEntityRefException(
          "Entity reference " + describe(kind, namespace, name) + " had missing or empty name");
    }
    return new EntityRef(kind, namespace, name);
  }

  /** Parses a full reference; kind is required, namespace defaults to {@code default}. */
  public static EntityRef parse(String ref) {
    return parse(ref, null, null);
  }

  /**
   * Parses a reference, filling a missing kind or namespace from the defaults.
   *
   * @param ref the reference text
   * @param defaultKind the kind to use when the text names none, or null for "kind required"
   * @param defaultNamespace the namespace to use when the text names none, or null for {@code default}
   * @throws InvalidEntityRefException with Backstage's message when the text is not a reference
   */
  public static EntityRef parse(
      @Nullable String ref, @Nullable String defaultKind, @Nullable String defaultNamespace) {
    if (ref == null || ref.isEmpty()) {
      throw new InvalidEntityRefException("Entity reference must not be empty");
    }
    int colon = ref.indexOf(':');
    int slash = ref.indexOf('/');
    if (slash != -1 && slash < colon) {
      colon = -1;
    }
    String kind = colon == -1 ? null : ref.substring(0, colon);
    String namespace = slash == -1 ? null : ref.substring(colon + 1, slash);
    String name = ref.substring(Math.max(colon + 1, slash + 1));
    if ("".equals(kind) || "".equals(namespace) || name.isEmpty()) {
      throw new InvalidEntityRefException(
          "Entity reference \"" + ref + "\" was not on the form [<kind>:][<namespace>/]<name>");
    }
    if (kind == null) {
      kind = defaultKind;
    }
    if (namespace == null) {
      namespace =
          defaultNamespace == null || defaultNamespace.isEmpty() ? DEFAULT_NAMESPACE : defaultNamespace;
    }
    if (kind == null || kind.isEmpty()) {
      throw new InvalidEntityRefException(
          "Entity reference "
              + jsonString(ref)
              + " had missing or empty kind (e.g. did not start with \"component:\" or similar)");
    }
    return new EntityRef(kind, namespace, name);
  }

  /** The kind, with the case it was written in. */
  public String kind() {
    return kind;
  }

  /** The namespace, with the case it was written in. */
  public String namespace() {
    return namespace;
  }

  /** The name, with the case it was written in. */
  public String name() {
    return name;
  }

  /** True if this reference's kind is {@code kind}, ignoring case. */
  public boolean isKind(String kind) {
    return this.kind.equalsIgnoreCase(kind);
  }

  /** The canonical form {@code kind:namespace/name}, all lower case. */
  @Override
  public String toString() {
    return canonical;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof EntityRef other && canonical.equals(other.canonical);
  }

  @Override
  public int hashCode() {
    return canonical.hashCode();
  }

  @Override
  public int compareTo(EntityRef o) {
    return canonical.compareTo(o.canonical);
  }

  private static String describe(
      @Nullable String kind, @Nullable String namespace, @Nullable String name) {
    StringBuilder sb = new StringBuilder("{");
    boolean first = true;
    for (String[] kv :
        new String[][] {{"kind", kind}, {"namespace", namespace}, {"name", name}}) {
      if (kv[1] == null) {
        continue;
      }
      if (!first) {
        sb.append(',');
      }
      first = false;
      sb.append(jsonString(kv[0])).append(':').append(jsonString(kv[1]));
    }
    return sb.append('}').toString();
  }

  static String jsonString(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

}
