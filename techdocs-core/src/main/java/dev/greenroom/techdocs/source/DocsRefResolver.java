package dev.greenroom.techdocs.source;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.InvalidEntityRefException;
import dev.greenroom.catalog.processing.location.ScmUrls;
import dev.greenroom.techdocs.TechDocsException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Resolves an entity's TechDocs annotations as Backstage's {@code getLocationForEntity} does:
 * {@code url:<folder URL>} as is; {@code dir:<relative path>} against the entity's {@code
 * backstage.io/source-location} (or {@code backstage.io/managed-by-location}): a {@code url:} base
 * gives a URL, a {@code file:} base gives a folder that must stay inside the catalog file's folder.
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

  private final ScmUrls scm;

  /** A resolver with the given SCM URL rules (for relative URLs on GitHub and GitLab). */
  public DocsRefResolver(ScmUrls scm) {
    this.scm = Objects.requireNonNull(scm);
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
      return new DocsRef(DocsRef.DIR, dir.toString());
    }
    throw new TechDocsException(
        "Unable to resolve location type " + (baseType.isEmpty() ? "(none)" : baseType) + " of " + base
            + " for " + TECHDOCS_REF + " '" + v + "'", ref, null, null);
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
