package dev.greenroom.scaffolder.publish.git;

import dev.greenroom.scaffolder.action.ActionContext;
import dev.greenroom.scaffolder.action.ActionException;
import dev.greenroom.scaffolder.action.RemoteTargets;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.PushCommand;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.TransportHttp;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * The one git pusher of the publishing actions, on JGit over HTTP(S) with the integration's
 * credentials (Backstage's {@code initRepoAndPush} and {@code commitAndPushBranch}).
 *
 * <ul>
 *   <li>{@link #initAndPush}: the folder becomes the first commit of a new branch, pushed to the
 *       (new, empty) repository; the git metadata lives in a temporary directory, so the workspace
 *       is left as it was.
 *   <li>{@link #pushBranch}: clones one branch of an existing repository, lays the folder's files
 *       over it, commits and pushes the branch (pull and merge requests).
 * </ul>
 *
 * <p>Pushes never force: a branch that exists already with other commits is refused by the host
 * and reported as such, so nothing is overwritten. The remote goes through the deployer's {@link
 * RemoteTargets} first, redirects are not followed, and credentials travel only in headers, never
 * in URLs, so JGit's messages (which name the URL) carry no secret. Callers run these inside an
 * {@link ActionContext#checkpoint} so that a retried task does not push twice.
 */
public final class GitPusher {
  private final RemoteTargets targets;
  private final Duration timeout;

  /**
   * A pusher.
   *
   * @param targets where pushes may go
   * @param timeout the network timeout of one git operation
   */
  public GitPusher(RemoteTargets targets, Duration timeout) {
    this.targets = Objects.requireNonNull(targets, "targets");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /** Who commits, and with which message. */
  public record Commit(String authorName, String authorEmail, String message) {
    public Commit {
      Objects.requireNonNull(authorName, "authorName");
      Objects.requireNonNull(authorEmail, "authorEmail");
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * Commits the files of {@code dir} as the first commit of {@code branch} and pushes it.
   *
   * @param action the action id, for messages
   * @param ctx the action's context (temporary directory, log)
   * @param dir the folder to publish (inside the workspace)
   * @param remoteUrl the http(s) URL of the repository
   * @param branch the branch to create
   * @param auth the push credentials
   * @param commit author and message
   * @return the commit id
   * @throws ActionException naming the remote when the remote is not allowed or the push fails
   */
  public String initAndPush(String action, ActionContext ctx, Path dir, String remoteUrl,
      String branch, GitAuth auth, Commit commit) {
    checkRemote(action, remoteUrl);
    if (!Files.isDirectory(dir)) {
      throw new ActionException(action + ": the source path " + ctx.workspace().relativize(dir)
          + " is not a directory");
    }
    Path gitDir = ctx.createTemporaryDirectory().resolve("git");
    Path gitLink = dir.resolve(".git");
    if (Files.exists(gitLink, LinkOption.NOFOLLOW_LINKS)) {
      throw new ActionException(action + ": the folder to publish already contains a .git entry");
    }
    try (Git git = Git.init().setDirectory(dir.toFile()).setGitDir(gitDir.toFile())
        .setInitialBranch(branch).call()) {
      try {
        git.add().addFilepattern(".").call();
        RevCommit c = commit(git, commit);
        ctx.log("Committed " + c.getName() + " as " + commit.authorName() + " <"
            + commit.authorEmail() + ">");
        push(action, git, remoteUrl, branch, auth);
        ctx.log("Pushed branch " + branch + " to " + remoteUrl);
        return c.getName();
      } finally {
        // JGit leaves a "gitdir:" link file in a work tree whose repository lives elsewhere
        Files.deleteIfExists(gitLink);
      }
    } catch (GitAPIException | IOException | RuntimeException e) {
      throw failed(action, remoteUrl, e);
    }
  }

  /**
   * Clones {@code branch} of {@code remoteUrl} (or {@code startBranch} when {@code branch} does not
   * exist yet), copies the files of {@code source} over it, commits and pushes {@code branch}.
   *
   * @param startBranch the branch to start from when {@code branch} is new
   * @return the commit id
   */
  public String pushBranch(String action, ActionContext ctx, Path source, String remoteUrl,
      String startBranch, String branch, GitAuth auth, Commit commit) {
    String hash = pushBranch(action, ctx, source, "", remoteUrl, startBranch, branch, auth, commit,
        true);
    return java.util.Objects.requireNonNull(hash);
  }

  /**
   * {@link #pushBranch(String, ActionContext, Path, String, String, String, GitAuth, Commit)} with
   * the files laid under {@code targetPath} of the repository, and no commit (null returned, nothing
   * pushed) when they change nothing and {@code allowEmpty} is false.
   */
  public @org.jspecify.annotations.Nullable String pushBranch(String action, ActionContext ctx,
      Path source, String targetPath, String remoteUrl, String startBranch, String branch,
      GitAuth auth, Commit commit, boolean allowEmpty) {
    return pushBranch(action, ctx, source, targetPath, remoteUrl, startBranch, branch, auth,
        commit, allowEmpty, Edit.COPY, List.of());
  }

  /** What a branch push does with the folder's files. */
  public enum Edit {
    /** Adds or replaces each file of the folder under {@code targetPath}. */
    COPY,
    /** Deletes from the branch each file of the folder under {@code targetPath}. */
    DELETE
  }

  /**
   * {@link #pushBranch(String, ActionContext, Path, String, String, String, String, GitAuth,
   * Commit, boolean)} that either copies the folder's files or deletes them ({@code edit}), and
   * also deletes {@code deletePaths} (paths from the repository root; missing ones are skipped).
   */
  public @org.jspecify.annotations.Nullable String pushBranch(String action, ActionContext ctx,
      Path source, String targetPath, String remoteUrl, String startBranch, String branch,
      GitAuth auth, Commit commit, boolean allowEmpty, Edit edit, List<String> deletePaths) {
    checkRemote(action, remoteUrl);
    for (String part : targetPath.split("[/\\\\]")) {
      if (part.equalsIgnoreCase(".git")) {
        throw new ActionException(action + ": targetPath " + targetPath + " points into .git");
      }
    }
    Path work = ctx.createTemporaryDirectory().resolve("clone");
    try {
      var clone = Git.cloneRepository().setURI(remoteUrl).setDirectory(work.toFile())
          .setBranch(startBranch).setCloneAllBranches(false).setTimeout(seconds());
      auth(clone, auth);
      try (Git git = clone.call()) {
        noRedirects(git);
        git.checkout().setName(branch).setCreateBranch(
            git.getRepository().findRef("refs/heads/" + branch) == null).call();
        Path into = dev.greenroom.scaffolder.action.SafePaths.resolve(work,
            targetPath.isEmpty() ? "." : targetPath, "targetPath");
        if (edit == Edit.DELETE) {
          deleteFrom(source, into);
        } else {
          copyInto(source, into);
        }
        for (String d : deletePaths) {
          Path gone = dev.greenroom.scaffolder.action.SafePaths.resolve(work, d, "filesToDelete");
          if (gone.equals(work) || work.relativize(gone).startsWith(".git")) {
            throw new ActionException(action + ": filesToDelete entry " + d
                + " names the repository itself or .git");
          }
          if (Files.isRegularFile(gone, java.nio.file.LinkOption.NOFOLLOW_LINKS)
              || Files.isSymbolicLink(gone)) {
            Files.delete(gone);
            ctx.log("Deleted " + d + " on " + branch);
          } else {
            ctx.log("No file " + d + " on " + branch + " to delete");
          }
        }
        git.add().addFilepattern(".").call();
        git.add().addFilepattern(".").setUpdate(true).call();
        if (!allowEmpty && git.status().call().isClean()) {
          ctx.log("No changes to " + branch + "; nothing to push");
          return null;
        }
        RevCommit c = commit(git, commit);
        ctx.log("Committed " + c.getName() + " on " + branch);
        push(action, git, remoteUrl, branch, auth);
        ctx.log("Pushed branch " + branch + " to " + remoteUrl);
        return c.getName();
      }
    } catch (GitAPIException | IOException | RuntimeException e) {
      throw failed(action, remoteUrl, e);
    }
  }

  private static RevCommit commit(Git git, Commit commit) throws GitAPIException {
    PersonIdent who = new PersonIdent(commit.authorName(), commit.authorEmail());
    return git.commit().setMessage(commit.message()).setAuthor(who).setCommitter(who)
        .setSign(false).setAllowEmpty(true).call();
  }

  private void push(String action, Git git, String remoteUrl, String branch, GitAuth auth)
      throws GitAPIException, IOException {
    noRedirects(git);
    PushCommand push = git.push().setRemote(remoteUrl).setTimeout(seconds())
        .setRefSpecs(new RefSpec("refs/heads/" + branch + ":refs/heads/" + branch));
    auth(push, auth);
    for (PushResult r : push.call()) {
      for (RemoteRefUpdate u : r.getRemoteUpdates()) {
        switch (u.getStatus()) {
          case OK, UP_TO_DATE -> { }
          case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED -> throw new ActionException(
              action + ": branch " + branch + " exists on " + remoteUrl
                  + " with other commits; nothing was overwritten");
          default -> throw new ActionException(action + ": " + remoteUrl + " refused the push of "
              + branch + ": " + u.getStatus()
              + (u.getMessage() == null ? "" : " (" + u.getMessage() + ")"));
        }
      }
    }
  }

  private static void noRedirects(Git git) throws IOException {
    StoredConfig config = git.getRepository().getConfig();
    config.setString("http", null, "followRedirects", "false");
    config.save();
  }

  private static void auth(TransportCommand<?, ?> cmd, GitAuth auth) {
    if (auth instanceof GitAuth.Basic b) {
      cmd.setCredentialsProvider(new UsernamePasswordCredentialsProvider(b.user(), b.password()));
    } else if (auth instanceof GitAuth.Bearer t) {
      cmd.setTransportConfigCallback(transport -> {
        if (transport instanceof TransportHttp http) {
          http.setAdditionalHeaders(Map.of("Authorization", "Bearer " + t.token()));
        }
      });
    }
  }

  private int seconds() {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toSeconds()));
  }

  /** Refuses remotes that are not http(s), carry credentials, or lie outside the targets. */
  private void checkRemote(String action, String remoteUrl) {
    URIish uri;
    try {
      uri = new URIish(remoteUrl);
    } catch (URISyntaxException e) {
      throw new ActionException(action + ": remote " + remoteUrl + " is not a git URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new ActionException(action + ": remote " + remoteUrl
          + " is not an http(s) URL; publishing pushes over HTTP(S) only");
    }
    if (uri.getUser() != null || uri.getPass() != null) {
      throw new ActionException(action + ": the remote URL carries credentials; the integration's"
          + " credentials are sent as headers instead");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new ActionException(action + ": remote " + remoteUrl + " names no host");
    }
    targets.checkHost(action, uri.getHost(),
        uri.getPort() > 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80);
  }

  private static ActionException failed(String action, String remoteUrl, Exception e) {
    if (e instanceof ActionException a) {
      return a;
    }
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    String lower = m.toLowerCase(Locale.ROOT);
    String hint = lower.contains("not authorized") || lower.contains("authentication")
        ? " (the host refused the credentials)" : "";
    return new ActionException(action + ": pushing to " + remoteUrl + " failed" + hint + ": " + m,
        e);
  }

  /** Copies {@code from}'s files into {@code to}, leaving out any {@code .git} entry. */
  /** Deletes from {@code to} each regular file that {@code from} has at the same relative path. */
  static void deleteFrom(Path from, Path to) throws IOException {
    Files.walkFileTree(from, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        return !dir.equals(from) && dir.getFileName().toString().equals(".git")
            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (attrs.isRegularFile()) {
          Files.deleteIfExists(to.resolve(from.relativize(file).toString()));
        }
        return FileVisitResult.CONTINUE;
      }
    });
  }

  static void copyInto(Path from, Path to) throws IOException {
    Files.walkFileTree(from, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
          throws IOException {
        if (!dir.equals(from) && dir.getFileName().toString().equals(".git")) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        Files.createDirectories(to.resolve(from.relativize(dir).toString()));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (file.getFileName().toString().equals(".git") || !attrs.isRegularFile()) {
          return FileVisitResult.CONTINUE;
        }
        Files.copy(file, to.resolve(from.relativize(file).toString()),
            StandardCopyOption.REPLACE_EXISTING);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
