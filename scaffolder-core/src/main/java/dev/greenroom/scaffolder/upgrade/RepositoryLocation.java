package dev.greenroom.scaffolder.upgrade;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a created repository lives: the tree URL its files are read from (through the host's
 * {@code UrlReader.readTree}), the git URL pushes go to, and the branch.
 *
 * @param treeUrl the browsable tree, e.g. {@code https://github.com/acme/svc/tree/main/}
 * @param gitUrl the clone URL, e.g. {@code https://github.com/acme/svc.git}
 * @param branch the branch the tree shows
 */
public record RepositoryLocation(String treeUrl, String gitUrl, String branch) {
  // <base>/tree/<branch>[/path], GitLab's <base>/-/tree/<branch>, and blob forms of a file in it
  private static final Pattern TREE =
      Pattern.compile("^(.+?)(?:/-)?/(?:tree|blob)/([^/?#]+)(?:/.*)?$");

  public RepositoryLocation {
    Objects.requireNonNull(treeUrl, "treeUrl");
    Objects.requireNonNull(gitUrl, "gitUrl");
    Objects.requireNonNull(branch, "branch");
    if (branch.isBlank()) {
      throw new IllegalArgumentException("branch must not be blank");
    }
  }

  /**
   * The repository of a GitHub- or GitLab-style URL ({@code <repo>/tree/<branch>/...} or {@code
   * <repo>/blob/<branch>/<file>}, optionally prefixed {@code url:} as Backstage's location
   * annotations are): the tree is the repository's root at that branch, the git URL the repo
   * URL with {@code .git}.
   *
   * @throws UpgradeException when the URL has no {@code /tree/<branch>} or {@code /blob/<branch>}
   */
  public static RepositoryLocation parse(String url) {
    String u = url.startsWith("url:") ? url.substring(4) : url;
    Matcher m = TREE.matcher(u);
    if (!m.matches()) {
      throw new UpgradeException(UpgradeException.Reason.INPUT, "Cannot tell the repository of "
          + url + ": expected <repository>/tree/<branch>/ or <repository>/blob/<branch>/<file>");
    }
    String base = m.group(1);
    String git = base.endsWith(".git") ? base : base + ".git";
    boolean gitlab = u.substring(m.end(1)).startsWith("/-/");
    String tree = base + (gitlab ? "/-/tree/" : "/tree/") + m.group(2) + "/";
    return new RepositoryLocation(tree, git, m.group(2));
  }
}
