package dev.greenroom.scaffolder.upgrade;

import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.InvalidEntityRefException;
import dev.greenroom.catalog.processing.location.UrlReader;
import dev.greenroom.catalog.query.EntityPredicate;
import dev.greenroom.scaffolder.Scaffolder;
import dev.greenroom.scaffolder.action.RemoteTargets;
import dev.greenroom.scaffolder.template.Template;
import dev.greenroom.scaffolder.template.TemplateException;
import dev.greenroom.scaffolder.template.TemplateProvenance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Template upgrades, which Backstage does not have (its issue #31361): an entity made by a template
 * records the template's version and the values used ({@link TemplateProvenance}); this class
 * renders the template's current version with those values and compares it with the repository
 * ({@link #diff}), computes a three-way upgrade that applies only what changed between the
 * recorded version and the current one, keeping local edits ({@link #plan}), pushes it to a
 * branch {@code greenroom/upgrade-<template>-<version>} and opens a pull request when the host
 * can ({@link #open}), and lists the entities made from a template with their versions ({@link
 * #fleet}).
 *
 * <p>Design: rendering runs only the template's rendering steps ({@code fetch:*}, {@code
 * workspace:template*}, {@code fs:*}, {@code catalog:write}) for real in a scratch workspace, never
 * a publishing or registering step; the parameter schemas are not checked again (secret fields
 * were never recorded, so required secrets are absent). Repository files are read through the
 * host's {@link UrlReader#readTree}; only the files the template renders (in either version) are
 * compared, so files the repository added on its own are never touched. The merge is JGit's
 * line-based three-way merge per file; overlapping edits are written with conflict markers and
 * reported. Old versions come from the {@link TemplateVersions} the host gives (git history by
 * default); a recorded version none of them knows is an error naming the template and version.
 *
 * <pre>{@code
 * TemplateUpgrades upgrades = TemplateUpgrades.builder(scaffolder).build();
 * UpgradeDiff diff = upgrades.diff(upgrades.target(EntityRef.parse("component:default/orders")));
 * }</pre>
 */
public final class TemplateUpgrades {
  private final Scaffolder scaffolder;
  private final @Nullable Catalog catalog;
  private final @Nullable UrlReader reader;
  private final TemplateVersions versions;
  private final GitCredentials credentials;
  private final @Nullable PullRequestOpener pullRequests;
  private final RemoteTargets pushTargets;
  private final Path scratchRoot;
  private final Renderer renderer;

  private TemplateUpgrades(Builder b) {
    this.scaffolder = b.scaffolder;
    this.catalog = b.catalog != null ? b.catalog : b.scaffolder.environment().catalog();
    this.reader = b.reader != null ? b.reader : b.scaffolder.environment().urlReader();
    this.versions = b.versions;
    this.credentials = b.credentials;
    this.pullRequests = b.pullRequests;
    this.pushTargets = b.pushTargets != null ? b.pushTargets
        : b.scaffolder.environment().publishTargets();
    this.scratchRoot = b.scaffolder.workspaceRoot();
    this.renderer = new Renderer(scaffolder.runner());
  }

  /** A builder over the scaffolder whose actions, catalog and URL reader render and read. */
  public static Builder builder(Scaffolder scaffolder) {
    return new Builder(scaffolder);
  }

  // ---- targets ---------------------------------------------------------------------------------

  /**
   * The upgrade target of an entity from the catalog: its template ({@code
   * backstage.io/source-template}), its repository ({@code backstage.io/source-location}, else
   * {@code backstage.io/managed-by-location}) and the values file read from that repository next
   * to the catalog file.
   *
   * @throws UpgradeException NOT_FOUND for an unknown entity; INPUT for an entity no template made
   *     or whose repository holds no values file
   */
  public UpgradeTarget target(EntityRef entityRef) {
    Entity entity = catalog().entity(entityRef).orElseThrow(() -> new UpgradeException(
        UpgradeException.Reason.NOT_FOUND, "Entity " + entityRef + " not found"));
    JsonNode annotations = entity.toJson().path("metadata").path("annotations");
    String source = annotations.path(TemplateProvenance.SOURCE_TEMPLATE_ANNOTATION).asString("");
    if (source.isBlank()) {
      throw new UpgradeException(UpgradeException.Reason.INPUT, entityRef + " has no "
          + TemplateProvenance.SOURCE_TEMPLATE_ANNOTATION + " annotation: no template made it");
    }
    EntityRef templateRef = parseRef(source, entityRef + " annotation "
        + TemplateProvenance.SOURCE_TEMPLATE_ANNOTATION);
    String location = annotations.path("backstage.io/source-location").asString("");
    if (location.isBlank()) {
      location = annotations.path("backstage.io/managed-by-location").asString("");
    }
    if (location.isBlank()) {
      throw new UpgradeException(UpgradeException.Reason.INPUT, entityRef
          + " has neither backstage.io/source-location nor backstage.io/managed-by-location:"
          + " its repository is unknown");
    }
    RepositoryLocation repo = RepositoryLocation.parse(location);
    String valuesPath = valuesPathOf(location);
    Map<String, byte[]> files = readRepository(repo);
    byte[] raw = files.get(valuesPath);
    if (raw == null) {
      throw new UpgradeException(UpgradeException.Reason.INPUT, entityRef + ": " + repo.treeUrl()
          + " has no " + valuesPath + ": the values it was made with were not recorded");
    }
    TemplateProvenance p = provenance(repo.treeUrl() + valuesPath, raw);
    if (!p.templateRef().equals(templateRef.toString())) {
      throw new UpgradeException(UpgradeException.Reason.INPUT, entityRef + ": " + valuesPath
          + " names template " + p.templateRef() + " but the entity names " + templateRef);
    }
    String annotated = annotations.path(TemplateProvenance.VERSION_ANNOTATION).asString("");
    String version = annotated.isBlank() ? p.version() : annotated;
    return new UpgradeTarget(entityRef, templateRef, version, p.values(), p.userRef(), repo);
  }

  /**
   * An upgrade target named directly: the repository's values file supplies the recorded version
   * (and the values, unless {@code values} is given).
   *
   * @param values the values to render with, or null to use the repository's values file
   * @param repoUrl the repository's tree URL ({@code <repo>/tree/<branch>/})
   * @throws UpgradeException INPUT when neither values nor a values file are there
   */
  public UpgradeTarget target(EntityRef templateRef, @Nullable ObjectNode values, String repoUrl) {
    RepositoryLocation repo = RepositoryLocation.parse(repoUrl);
    Map<String, byte[]> files = readRepository(repo);
    byte[] raw = files.get(TemplateProvenance.VALUES_FILE);
    TemplateProvenance p = raw == null ? null
        : provenance(repo.treeUrl() + TemplateProvenance.VALUES_FILE, raw);
    if (p != null && !p.templateRef().equals(templateRef.toString())) {
      throw new UpgradeException(UpgradeException.Reason.INPUT, repo.treeUrl()
          + TemplateProvenance.VALUES_FILE + " names template " + p.templateRef() + ", not "
          + templateRef);
    }
    if (values == null && p == null) {
      throw new UpgradeException(UpgradeException.Reason.INPUT, "No values given and "
          + repo.treeUrl() + " has no " + TemplateProvenance.VALUES_FILE);
    }
    return new UpgradeTarget(null, templateRef, p == null ? null : p.version(),
        values != null ? values : p.values(), p == null ? null : p.userRef(), repo);
  }

  // ---- diff, plan, open ------------------------------------------------------------------------

  /**
   * The template's current version rendered with the target's values, against the repository's
   * files: one entry per rendered file that the repository lacks ({@code added}) or holds with
   * other content ({@code modified}). Needs no old version.
   */
  public UpgradeDiff diff(UpgradeTarget target) {
    Template current = template(target.templateRef());
    Path scratch = scratch();
    try {
      Map<String, byte[]> rendered = renderer.render(current, TemplateProvenance.version(current),
          target.values(), target.userRef(), scratch.resolve("new"));
      Map<String, byte[]> repo = readRepository(target.repository());
      List<FileChange> out = new ArrayList<>();
      for (Map.Entry<String, byte[]> e : rendered.entrySet()) {
        byte[] have = repo.get(e.getKey());
        if (have != null && java.util.Arrays.equals(have, e.getValue())) {
          continue;
        }
        out.add(new FileChange(e.getKey(), have == null ? FileChange.Status.ADDED
            : FileChange.Status.MODIFIED, Diffs.unified(e.getKey(), have, e.getValue()),
            e.getValue(), null));
      }
      return new UpgradeDiff(target, target.recordedVersion(),
          TemplateProvenance.version(current), out);
    } finally {
      Renderer.deleteTree(scratch);
    }
  }

  /**
   * The three-way upgrade: the recorded version (v1) and the current one (v2) rendered with the
   * same values, and v2 − v1 applied to the repository's files, local edits kept. Pushes nothing.
   *
   * @throws UpgradeException INPUT when the target records no version; NOT_FOUND when the
   *     recorded version is neither the current one nor known to the {@link TemplateVersions}
   */
  public UpgradeDiff plan(UpgradeTarget target) {
    Template current = template(target.templateRef());
    String newVersion = TemplateProvenance.version(current);
    String oldVersion = target.recordedVersion();
    if (oldVersion == null) {
      throw new UpgradeException(UpgradeException.Reason.INPUT, "No template version is recorded"
          + " for " + (target.entityRef() != null ? target.entityRef() : target.repository().treeUrl())
          + ": without the version it was made from, an upgrade cannot tell local edits from"
          + " template changes");
    }
    if (oldVersion.equals(newVersion)) {
      return new UpgradeDiff(target, oldVersion, newVersion, List.of());
    }
    Path scratch = scratch();
    try {
      Template old = versions.find(current, oldVersion, scratch.resolve("versions"))
          .orElseThrow(() -> new UpgradeException(UpgradeException.Reason.NOT_FOUND,
              "Unknown version " + oldVersion + " of " + current.ref() + " (recorded by "
                  + (target.entityRef() != null ? target.entityRef() : target.repository().treeUrl())
                  + "): the current version is " + newVersion
                  + ", and the template's history holds no version " + oldVersion));
      Map<String, byte[]> v1 = renderer.render(old, oldVersion, target.values(), target.userRef(),
          scratch.resolve("old"));
      Map<String, byte[]> v2 = renderer.render(current, newVersion, target.values(),
          target.userRef(), scratch.resolve("new"));
      Map<String, byte[]> repo = readRepository(target.repository());
      return new UpgradeDiff(target, oldVersion, newVersion, ThreeWay.apply(v1, v2, repo));
    } finally {
      Renderer.deleteTree(scratch);
    }
  }

  /**
   * {@link #plan} pushed to the branch {@code greenroom/upgrade-<template name>-<new version>}
   * (made from the repository's branch, replaced when it exists), then a pull request opened
   * through the {@link PullRequestOpener} when there is one that serves the host. Nothing is
   * pushed when the plan changes nothing.
   */
  public UpgradeResult open(UpgradeTarget target) {
    UpgradeDiff diff = plan(target);
    if (diff.files().isEmpty()) {
      return new UpgradeResult(diff, null, null, null);
    }
    String branch = branchName(target.templateRef(), diff.newVersion());
    String title = "Upgrade " + target.templateRef() + " from " + diff.oldVersion() + " to "
        + diff.newVersion();
    Path scratch = scratch();
    String commit;
    try {
      commit = new BranchPusher(pushTargets, credentials).push(target.repository(), branch, title,
          diff.files(), scratch);
    } finally {
      Renderer.deleteTree(scratch);
    }
    String url = null;
    if (pullRequests != null) {
      StringBuilder body = new StringBuilder(title).append(".\n\nFiles:\n");
      diff.files().forEach(f -> body.append("- ").append(f.path()).append(" (")
          .append(f.status().wire()).append(f.note() == null ? "" : ": " + f.note()).append(")\n"));
      url = pullRequests.open(new PullRequestOpener.Request(target.repository(), branch,
          target.repository().branch(), title, body.toString())).orElse(null);
    }
    return new UpgradeResult(diff, branch, commit, url);
  }

  /** The branch an upgrade to {@code version} of {@code templateRef} is pushed to. */
  public static String branchName(EntityRef templateRef, String version) {
    String v = version.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[-.]+|[-.]+$", "");
    return "greenroom/upgrade-" + templateRef.name() + "-" + (v.isEmpty() ? "latest" : v);
  }

  // ---- fleet -----------------------------------------------------------------------------------

  /**
   * Every entity whose {@code backstage.io/source-template} names the template, with the version
   * it records, sorted by ref; {@code outdated} marks those whose version is not the current one
   * (including those recording none).
   */
  public List<FleetEntry> fleet(EntityRef templateRef) {
    Template current = template(templateRef);
    String now = TemplateProvenance.version(current);
    List<FleetEntry> out = new ArrayList<>();
    catalog().forEach(EntityPredicate.eq("metadata.annotations."
        + TemplateProvenance.SOURCE_TEMPLATE_ANNOTATION, templateRef.toString()), null, e -> {
          String v = e.toJson().path("metadata").path("annotations")
              .path(TemplateProvenance.VERSION_ANNOTATION).asString("");
          String version = v.isBlank() ? null : v;
          out.add(new FleetEntry(e.ref(), version, !now.equals(version)));
        });
    out.sort(Comparator.comparing(f -> f.entityRef().toString()));
    return out;
  }

  /** The template's current version. */
  public String currentVersion(EntityRef templateRef) {
    return TemplateProvenance.version(template(templateRef));
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private Catalog catalog() {
    if (catalog == null) {
      throw new UpgradeException(UpgradeException.Reason.INPUT,
          "No catalog is configured: entities and templates cannot be looked up");
    }
    return catalog;
  }

  private Template template(EntityRef ref) {
    if (!ref.isKind("template")) {
      throw new UpgradeException(UpgradeException.Reason.INPUT, ref + " is not a template ref");
    }
    try {
      return scaffolder.template(ref);
    } catch (TemplateException e) {
      throw new UpgradeException(UpgradeException.Reason.NOT_FOUND, e.getMessage(), e);
    }
  }

  private static EntityRef parseRef(String text, String what) {
    try {
      return EntityRef.parse(text, "template", "default");
    } catch (InvalidEntityRefException e) {
      throw new UpgradeException(UpgradeException.Reason.INPUT, what + ": " + e.getMessage(), e);
    }
  }

  private static TemplateProvenance provenance(String source, byte[] raw) {
    try {
      return TemplateProvenance.fromJson(source, raw);
    } catch (TemplateException e) {
      throw new UpgradeException(UpgradeException.Reason.INPUT, e.getMessage(), e);
    }
  }

  /** The values file next to the catalog file a location URL names. */
  static String valuesPathOf(String location) {
    String u = location.startsWith("url:") ? location.substring(4) : location;
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("/(?:tree|blob)/[^/?#]+/(.*)$").matcher(u);
    if (!m.find()) {
      return TemplateProvenance.VALUES_FILE;
    }
    String path = m.group(1);
    boolean file = u.contains("/blob/") && !path.isEmpty() && !path.endsWith("/");
    String dir = file ? (path.contains("/") ? path.substring(0, path.lastIndexOf('/') + 1) : "")
        : (path.isEmpty() || path.endsWith("/") ? path : path + "/");
    return dir + TemplateProvenance.VALUES_FILE;
  }

  private Map<String, byte[]> readRepository(RepositoryLocation repo) {
    if (reader == null) {
      throw new UpgradeException(UpgradeException.Reason.INPUT, "No URL reader is configured:"
          + " cannot read " + repo.treeUrl());
    }
    UrlReader.ReadTreeResponse tree;
    try {
      tree = reader.readTree(repo.treeUrl(), null);
    } catch (RuntimeException e) {
      throw new UpgradeException(UpgradeException.Reason.REPOSITORY, "Cannot read "
          + repo.treeUrl() + ": " + e.getMessage(), e);
    }
    Map<String, byte[]> out = new TreeMap<>();
    tree.files().forEach(f -> out.put(f.path(), f.content()));
    return out;
  }

  private Path scratch() {
    try {
      Files.createDirectories(scratchRoot);
      return Files.createTempDirectory(scratchRoot, "upgrade-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a scratch directory in " + scratchRoot, e);
    }
  }

  /** Builds {@link TemplateUpgrades}; each setting is checked once. */
  public static final class Builder {
    private final Scaffolder scaffolder;
    private @Nullable Catalog catalog;
    private @Nullable UrlReader reader;
    private TemplateVersions versions = TemplateVersions.gitHistory();
    private GitCredentials credentials = GitCredentials.NONE;
    private @Nullable PullRequestOpener pullRequests;
    private @Nullable RemoteTargets pushTargets;

    private Builder(Scaffolder scaffolder) {
      this.scaffolder = Objects.requireNonNull(scaffolder, "scaffolder");
    }

    /** The catalog entities and templates are read from; default the scaffolder's. */
    public Builder catalog(Catalog catalog) {
      this.catalog = Objects.requireNonNull(catalog, "catalog");
      return this;
    }

    /** Reads repositories ({@code readTree}); default the scaffolder's URL reader. */
    public Builder urlReader(UrlReader reader) {
      this.reader = Objects.requireNonNull(reader, "reader");
      return this;
    }

    /** Where old template versions are found; default {@link TemplateVersions#gitHistory()}. */
    public Builder versions(TemplateVersions versions) {
      this.versions = Objects.requireNonNull(versions, "versions");
      return this;
    }

    /** Push credentials by git URL; default none. */
    public Builder credentials(GitCredentials credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /** Opens pull requests for pushed branches; default none (the branch is reported). */
    public Builder pullRequests(PullRequestOpener opener) {
      this.pullRequests = Objects.requireNonNull(opener, "opener");
      return this;
    }

    /** Where upgrades may push; default the scaffolder's {@code publishTargets}. */
    public Builder pushTargets(RemoteTargets targets) {
      this.pushTargets = Objects.requireNonNull(targets, "targets");
      return this;
    }

    /** The upgrades. */
    public TemplateUpgrades build() {
      return new TemplateUpgrades(this);
    }
  }

  /** Every path of either map, sorted. */
  static TreeSet<String> union(Map<String, byte[]> a, Map<String, byte[]> b) {
    TreeSet<String> all = new TreeSet<>(a.keySet());
    all.addAll(b.keySet());
    return all;
  }
}
