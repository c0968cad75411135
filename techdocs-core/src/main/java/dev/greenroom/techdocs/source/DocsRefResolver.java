package dev.greenroom.techdocs.source;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.InvalidEntityRefException;
import dev.greenroom.catalog.processing.location.ScmUrls;
import dev.greenroom.techdocs.TechDocsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Resolves an entity's TechDocs annotations as Backstage's {@code getLocationForEntity} does:
 * {@code url:<folder URL>} as is; {@code dir:<relative path>} against the entity's {@code
 * backstage.io/source-location} (or {@code backstage.io/managed-by-location}): a {@code url:} base
 * gives a URL, a {@code file:} base gives a folder that must stay inside the catalog file's folder.
 *
 * <p>Only locations the catalog itself read are trusted with the server's disk: a {@code file:}
 * {@code managed-by-location} (set by the catalog, never by the entity), or a {@code file:} {@code
 * source-location} whose folder lies inside the folder of the entity's {@code file:} {@code
 * managed-by-location} or {@code managed-by-origin-location}, or inside one of the allowed file
 * roots the host configured. A {@code file:} {@code source-location} that an entity read from a
 * URL merely claims is refused, naming the entity and the location: it would otherwise make the
 * server build and serve any folder of its own disk.
 */
public final class DocsRefResolver {
  /** The annotation naming the docs source. */
  public static final String TECHDOCS_REF = "backstage.io/techdocs-ref";
  /** The annotation naming another entity whose docs this entity shows. */
  public static final String TECHDOCS_ENTITY = "backstage.io/techdocs-entity";
  /** Where the entity's source lives ({@code url:<folder>/}). */
  public static final String SOURCE_LOCATION = "backstage.io/source-location";
  /** The location the entity was read from. */
  public static final String MANAGED_BY_LOCATION = "backstage.io/managed-by-location";
  /** The root registration that led to the entity. */
  public static final String MANAGED_BY_ORIGIN_LOCATION = "backstage.io/managed-by-origin-location";

  private final ScmUrls scm;
  private final List<Path> allowedFileRoots;

  /**
   * A resolver with the given SCM URL rules (for relative URLs on GitHub and GitLab) that trusts
   * only the {@code file:} locations the catalog read.
   */
  public DocsRefResolver(ScmUrls scm) {
    this(scm, List.of());
  }

  /**
   * A resolver with the given SCM URL rules that also builds from a {@code file:} {@code
   * source-location} inside one of {@code allowedFileRoots}.
   *
   * @param allowedFileRoots folders an entity's {@code file:} {@code source-location} may name
   *     even when the catalog did not read the entity from a file there; empty for none
   */
  public DocsRefResolver(ScmUrls scm, List<Path> allowedFileRoots) {
    this.scm = Objects.requireNonNull(scm);
    List<Path> roots = new ArrayList<>();
    for (Path r : allowedFileRoots) {
      roots.add(r.toAbsolutePath().normalize());
    }
    this.allowedFileRoots = List.copyOf(roots);
  }

  /** The folders a {@code file:} {@code source-location} may name beyond the catalog's own. */
  public List<Path> allowedFileRoots() {
    return allowedFileRoots;
  }

  /** A resolver with the default SCM hosts. */
  public static DocsRefResolver defaults() {
    return new DocsRefResolver(ScmUrls.defaults());
  }

  /** True when the entity carries a {@code backstage.io/techdocs-ref}. */
  public static boolean hasDocs(Entity entity) {
    return entity.metadata().annotation(TECHDOCS_REF) != null;
  }

  /**
   * The entity whose docs this entity shows ({@code backstage.io/techdocs-entity}), if any.
   *
   * @throws TechDocsException when the annotation is not an entity ref
   */
  public Optional<EntityRef> externalEntity(Entity entity) {
    String v = entity.metadata().annotation(TECHDOCS_ENTITY);
    if (v == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(EntityRef.parse(v.trim(), entity.kind(), entity.metadata().namespace()));
    } catch (InvalidEntityRefException | IllegalArgumentException e) {
      throw new TechDocsException(
          "Invalid " + TECHDOCS_ENTITY + " annotation '" + v + "': " + e.getMessage(),
          entity.ref().toString(), null, e);
    }
  }

  /**
   * Resolves {@code backstage.io/techdocs-ref}.
   *
   * @throws TechDocsException when the annotation is missing or invalid, or a {@code dir:} path
   *     leaves the catalog file's folder
   */
  public DocsRef resolve(Entity entity) {
    String ref = entity.ref().toString();
    String v = entity.metadata().annotation(TECHDOCS_REF);
    if (v == null || v.isBlank()) {
      throw new TechDocsException("No " + TECHDOCS_REF + " annotation", ref, null, null);
    }
    int colon = v.indexOf(':');
    if (colon <= 0 || colon == v.length() - 1) {
      throw new TechDocsException(
          "Invalid reference annotation " + TECHDOCS_REF + " '" + v + "': expected '<type>:<target>'",
          ref, null, null);
    }
    String type = v.substring(0, colon).trim();
    String target = v.substring(colon + 1).trim();
    if (type.equals(DocsRef.URL)) {
      if (!ScmUrls.isAbsoluteUrl(target)) {
        throw new TechDocsException(
            "Invalid reference annotation " + TECHDOCS_REF + " '" + v + "': url target is not absolute",
            ref, null, null);
      }
      return new DocsRef(DocsRef.URL, target);
    }
    if (!type.equals(DocsRef.DIR)) {
      throw new TechDocsException(
          "Invalid reference annotation " + TECHDOCS_REF + " '" + v + "': only url and dir are supported",
          ref, null, null);
    }
    String base = entity.metadata().annotation(SOURCE_LOCATION);
    boolean claimed = base != null;
    if (base == null) {
      base = entity.metadata().annotation(MANAGED_BY_LOCATION);
    }
    if (base == null) {
      throw new TechDocsException(
          "Cannot resolve " + TECHDOCS_REF + " '" + v + "': the entity has no " + SOURCE_LOCATION
              + " or " + MANAGED_BY_LOCATION + " annotation", ref, null, null);
    }
    int bc = base.indexOf(':');
    String baseType = bc < 0 ? "" : base.substring(0, bc);
    String baseTarget = bc < 0 ? base : base.substring(bc + 1);
    if (baseType.equals("url")) {
      String folder = target.endsWith("/") ? target : target + "/";
      try {
        return new DocsRef(DocsRef.URL, scm.resolveUrl(folder, baseTarget));
      } catch (IllegalArgumentException e) {
        throw new TechDocsException(
            "Cannot resolve " + TECHDOCS_REF + " '" + v + "' against " + base + ": " + e.getMessage(),
            ref, null, e);
      }
    }
    if (baseType.equals("file")) {
      Path file = Path.of(baseTarget).toAbsolutePath().normalize();
      Path catalogDir = file.getParent() == null ? file : file.getParent();
      Path dir;
      try {
        dir = catalogDir.resolve(target).normalize();
      } catch (java.nio.file.InvalidPathException e) {
        throw new TechDocsException("Invalid dir in " + TECHDOCS_REF + " '" + v + "'", ref, null, e);
      }
      if (!dir.startsWith(catalogDir)) {
        throw new TechDocsException(
            "Relative path is not allowed to refer to a directory outside its parent: " + TECHDOCS_REF
                + " '" + v + "' leaves " + catalogDir, ref, null, null);
      }
      if (claimed && !trustedFolder(entity, dir)) {
        throw new TechDocsException(
            "Refusing to build the docs of " + ref + " from " + dir + " (" + SOURCE_LOCATION + " '"
                + base + "'): the catalog did not read " + ref + " from a file there (it was read from "
                + describe(entity.metadata().annotation(MANAGED_BY_LOCATION)) + ") and the folder is"
                + " outside the allowed file roots; add the folder to the TechDocs allowed file roots"
                + " to build it",
            ref, null, null);
      }
      return new DocsRef(DocsRef.DIR, dir.toString());
    }
    throw new TechDocsException(
        "Unable to resolve location type " + (baseType.isEmpty() ? "(none)" : baseType) + " of " + base
            + " for " + TECHDOCS_REF + " '" + v + "'", ref, null, null);
  }

  /**
   * True when {@code dir} lies inside the folder of the entity's {@code file:} managed-by (or
   * origin) location, which the catalog itself read, or inside an allowed file root.
   */
  private boolean trustedFolder(Entity entity, Path lexical) {
    Path dir = real(lexical); // a symbolic link inside a trusted folder must not lead out of it
    for (String key : List.of(MANAGED_BY_LOCATION, MANAGED_BY_ORIGIN_LOCATION)) {
      String loc = entity.metadata().annotation(key);
      if (loc != null && loc.startsWith("file:")) {
        try {
          Path file = Path.of(loc.substring("file:".length())).toAbsolutePath().normalize();
          Path folder = file.getParent();
          if (folder != null && folder.getParent() != null && dir.startsWith(real(folder))) {
            return true;
          }
        } catch (java.nio.file.InvalidPathException e) {
          // not a path the catalog could have read: not trusted
        }
      }
    }
    for (Path root : allowedFileRoots) {
      if (dir.startsWith(real(root))) {
        return true;
      }
    }
    return false;
  }

  private static Path real(Path p) {
    try {
      return p.toRealPath();
    } catch (java.io.IOException | SecurityException e) {
      return p;
    }
  }

  private static String describe(@org.jspecify.annotations.Nullable String location) {
    return location == null ? "no " + MANAGED_BY_LOCATION : location;
  }

  /**
   * The {@code repo_url} Backstage fills into a config that has none, for a {@code url} source on
   * a GitHub or GitLab host: the repository's web URL. Null for other sources.
   */
  public @org.jspecify.annotations.Nullable String defaultRepoUrl(DocsRef ref) {
    if (!ref.type().equals(DocsRef.URL) || !(scm.isGithub(ref.target()) || scm.isGitlab(ref.target()))) {
      return null;
    }
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("^(https?://[^/]+/[^/]+/[^/]+?)(?:\\.git)?(?:/.*)?$").matcher(ref.target());
    if (!m.matches()) {
      return null;
    }
    if (scm.isGitlab(ref.target())) {
      int dash = ref.target().indexOf("/-/");
      return dash > 0 ? ref.target().substring(0, dash) : m.group(1);
    }
    return m.group(1);
  }
}
