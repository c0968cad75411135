package dev.greenroom.scaffolder.upgrade;

import dev.greenroom.scaffolder.action.SafePaths;
import dev.greenroom.scaffolder.template.Template;
import dev.greenroom.scaffolder.template.TemplateProvenance;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;

/**
 * Old template versions from git history: for a template whose base URL is a {@code file:}
 * directory inside a git working tree, walks the commits that touched that directory (newest
 * first, at most {@code maxCommits}), parses each YAML file directly in it as a template, and when
 * one with the same ref has the wanted version, writes that commit's copy of the directory into
 * the scratch directory and returns the template based there. Files larger than 10 MiB and more
 * than 5,000 files are refused.
 */
final class GitTemplateHistory implements TemplateVersions {
  private static final long MAX_FILE_BYTES = 10L * 1024 * 1024;
  private static final int MAX_FILES = 5_000;
  private final int maxCommits;

  GitTemplateHistory(int maxCommits) {
    this.maxCommits = maxCommits;
  }

  @Override
  public Optional<Template> find(Template current, String version, Path scratch) {
    String base = current.baseUrl();
    if (base == null || !base.startsWith("file:")) {
      return Optional.empty();
    }
    Path dir = Path.of(URI.create(base)).toAbsolutePath().normalize();
    FileRepositoryBuilder finder = new FileRepositoryBuilder().findGitDir(dir.toFile());
    if (finder.getGitDir() == null) {
      return Optional.empty();
    }
    try (Repository repo = finder.build(); Git git = new Git(repo)) {
      if (repo.getWorkTree() == null) {
        return Optional.empty();
      }
      Path top = repo.getWorkTree().toPath().toAbsolutePath().normalize();
      String rel = top.relativize(dir).toString().replace('\\', '/');
      if (repo.resolve("HEAD") == null) {
        return Optional.empty();
      }
      var log = git.log().setMaxCount(maxCommits);
      if (!rel.isEmpty()) {
        log.addPath(rel);
      }
      for (RevCommit c : log.call()) {
        Optional<Template> t = templateAt(repo, c, rel, current, version, scratch);
        if (t.isPresent()) {
          return t;
        }
      }
      return Optional.empty();
    } catch (IOException | GitAPIException e) {
      throw new UpgradeException(UpgradeException.Reason.REPOSITORY, "Cannot read the git history"
          + " of " + current.ref() + " at " + dir + ": " + e.getMessage(), e);
    }
  }

  private Optional<Template> templateAt(Repository repo, RevCommit c, String rel, Template current,
      String version, Path scratch) throws IOException {
    String prefix = rel.isEmpty() ? "" : rel + "/";
    try (TreeWalk tw = new TreeWalk(repo)) {
      tw.addTree(c.getTree());
      tw.setRecursive(false);
      if (!rel.isEmpty()) {
        tw.setFilter(PathFilter.create(rel));
      }
      while (tw.next()) {
        String path = tw.getPathString();
        if (tw.isSubtree()) {
          if (prefix.startsWith(path + "/")) {
            tw.enterSubtree();
          }
          continue;
        }
        if (!path.startsWith(prefix) || path.substring(prefix.length()).contains("/")
            || !(path.endsWith(".yaml") || path.endsWith(".yml"))) {
          continue;
        }
        ObjectLoader loader = repo.open(tw.getObjectId(0));
        if (loader.getSize() > Template.MAX_YAML_BYTES) {
          continue;
        }
        Template old;
        try {
          old = Template.fromYaml(path + "@" + c.getName(),
              new String(loader.getBytes(), StandardCharsets.UTF_8), null);
        } catch (RuntimeException e) {
          continue; // another file, or a broken version: not the one we want
        }
        if (!old.ref().equals(current.ref()) || !TemplateProvenance.version(old).equals(version)) {
          continue;
        }
        Path out = scratch.resolve("template-" + c.getName().substring(0, 12));
        extract(repo, c, prefix, out);
        return Optional.of(old.withBaseUrl(out.toUri().toString()));
      }
    }
    return Optional.empty();
  }

  private static void extract(Repository repo, RevCommit c, String prefix, Path out)
      throws IOException {
    Files.createDirectories(out);
    int files = 0;
    try (TreeWalk tw = new TreeWalk(repo)) {
      tw.addTree(c.getTree());
      tw.setRecursive(true);
      if (!prefix.isEmpty()) {
        tw.setFilter(PathFilter.create(prefix.substring(0, prefix.length() - 1)));
      }
      while (tw.next()) {
        String path = tw.getPathString();
        if (!path.startsWith(prefix) || tw.getFileMode(0).getObjectType() != org.eclipse.jgit.lib.Constants.OBJ_BLOB) {
          continue;
        }
        if (++files > MAX_FILES) {
          throw new UpgradeException(UpgradeException.Reason.REPOSITORY,
              "the template directory holds more than " + MAX_FILES + " files at " + c.getName());
        }
        ObjectLoader loader = repo.open(tw.getObjectId(0));
        if (loader.getSize() > MAX_FILE_BYTES) {
          throw new UpgradeException(UpgradeException.Reason.REPOSITORY, path + " at "
              + c.getName() + " is larger than " + MAX_FILE_BYTES + " bytes");
        }
        Path p = SafePaths.resolve(out, path.substring(prefix.length()), "template file");
        Files.createDirectories(p.getParent());
        Files.write(p, loader.getBytes());
        if (tw.getFileMode(0) == org.eclipse.jgit.lib.FileMode.EXECUTABLE_FILE) {
          p.toFile().setExecutable(true);
        }
      }
    }
  }
}
