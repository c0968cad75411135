package dev.greenroom.catalog.processing;

import java.util.Objects;

/**
 * Where entities come from: a {@code type} ({@code file}, {@code url}, or a host's own) and a
 * {@code target} (a path, a URL, a glob). The string form {@code type:target} is Backstage's
 * location ref, used in the {@code backstage.io/managed-by-location} annotation and as the default
 * location key.
 *
 * @param type the reader type, for example {@code url}
 * @param target what to read, for example {@code https://github.com/o/r/blob/main/catalog-info.yaml}
 * @param optional true when a missing target is not an error ({@code presence: optional})
 */
public record LocationSpec(String type, String target, boolean optional) {
  public LocationSpec {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(target, "target");
    if (type.isEmpty()) {
      throw new IllegalArgumentException("location type must not be empty");
    }
    if (target.isEmpty()) {
      throw new IllegalArgumentException("location target must not be empty");
    }
  }

  /** A required location. */
  public static LocationSpec of(String type, String target) {
    return new LocationSpec(type, target, false);
  }

  /**
   * Parses a location ref {@code type:target}: the type is everything before the first colon.
   *
   * @throws IllegalArgumentException if there is no colon, or the type or target is empty
   */
  public static LocationSpec parse(String ref) {
    int colon = ref.indexOf(':');
    if (colon <= 0 || colon == ref.length() - 1) {
      throw new IllegalArgumentException(
          "Unable to parse location ref '" + ref + "', expected '<type>:<target>', e.g. 'url:https://host/path'");
    }
    return of(ref.substring(0, colon), ref.substring(colon + 1));
  }

  /** The same location, with presence {@code optional} or {@code required}. */
  public LocationSpec withOptional(boolean optional) {
    return new LocationSpec(type, target, optional);
  }

  /** The location ref, {@code type:target}. */
  @Override
  public String toString() {
    return type + ":" + target;
  }
}
