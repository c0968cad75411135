package dev.greenroom.scaffolder.upgrade;

import dev.greenroom.scaffolder.action.RemoteTargets;
import dev.greenroom.scaffolder.action.SafePaths;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * Pushes an upgrade: clones the repository's branch with JGit, writes and deletes the changed
 * files on a new branch, commits as "Greenroom" and pushes that branch (replacing an earlier push
 * of the same upgrade). The remote goes through the host's push targets as {@code publish:git}'s
 * does; HTTP redirects are not followed; credentials come from {@link GitCredentials} and appear
 * in no message.
 */
final class BranchPusher {
  private final RemoteTargets targets;
  private final GitCredentials credentials;

  BranchPusher(RemoteTargets targets, GitCredentials credentials) {
    this.targets = targets;
    this.credentials = credentials;
  }

  String push(RepositoryLocation repo, String branch, String message, List<FileChange> files,
      Path scratch) {
    check(repo.gitUrl());
    CredentialsProvider creds = credentials.lookup(repo.gitUrl())
        .<CredentialsProvider>map(c -> new UsernamePasswordCredentialsProvider(c.username(),
            c.password()))
        .orElse(null);
    Path dir = scratch.resolve("clone");
    try (Git git = Git.cloneRepository().setURI(repo.gitUrl()).setBranch(repo.branch())
        .setDirectory(dir.toFile()).setCredentialsProvider(creds).setCloneAllBranches(false)
        .setBranchesToClone(List.of("refs/heads/" + repo.branch())).call()) {
      git.getRepository().getConfig().setString("http", null, "followRedirects", "false");
      git.getRepository().getConfig().save();
      git.checkout().setCreateBranch(true).setName(branch).call();
      int changed = 0;
      for (FileChange f : files) {
        Path p = SafePaths.resolve(dir, f.path(), "file");
        if (f.path().equals(".git") || f.path().startsWith(".git/")) {
          continue;
        }
        byte[] content = f.content();
        if (f.status() == FileChange.Status.DELETED) {
          Files.deleteIfExists(p);
          git.rm().addFilepattern(f.path()).call();
          changed++;
        } else if (content != null) {
          Files.createDirectories(p.getParent());
          Files.write(p, content);
          git.add().addFilepattern(f.path()).call();
          changed++;
        }
      }
      PersonIdent who = new PersonIdent("Greenroom", "scaffolder@greenroom.dev");
      RevCommit commit = git.commit().setMessage(message).setAuthor(who).setCommitter(who)
          .setSign(false).setAllowEmpty(changed == 0).call();
      for (PushResult r : git.push().setRemote("origin").setCredentialsProvider(creds)
          .setRefSpecs(new RefSpec("+refs/heads/" + branch + ":refs/heads/" + branch)).call()) {
        for (RemoteRefUpdate u : r.getRemoteUpdates()) {
          if (u.getStatus() != RemoteRefUpdate.Status.OK
              && u.getStatus() != RemoteRefUpdate.Status.UP_TO_DATE) {
            throw new UpgradeException(UpgradeException.Reason.REPOSITORY, "The push of " + branch
                + " to " + repo.gitUrl() + " was refused: " + u.getStatus()
                + (u.getMessage() == null ? "" : " (" + u.getMessage() + ")"));
          }
        }
      }
      return commit.getName();
    } catch (GitAPIException | IOException e) {
      throw new UpgradeException(UpgradeException.Reason.REPOSITORY, "Pushing " + branch + " to "
          + repo.gitUrl() + " failed: " + e.getMessage(), e);
    }
  }

  private void check(String remote) {
    URIish uri;
    try {
      uri = new URIish(remote);
    } catch (URISyntaxException e) {
      throw new UpgradeException(UpgradeException.Reason.INPUT, remote + " is not a git URL");
    }
    String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
    try {
      if ((scheme == null && (uri.getHost() == null || uri.getHost().isEmpty()))
          || "file".equals(scheme)) {
        targets.checkFile("upgrade", uri.getPath());
        return;
      }
      if (scheme == null || !List.of("http", "https", "ssh", "git").contains(scheme)) {
        throw new UpgradeException(UpgradeException.Reason.INPUT, "Cannot push to " + remote
            + ": use an https, ssh or git URL");
      }
      int port = uri.getPort() > 0 ? uri.getPort()
          : switch (scheme) {
            case "http" -> 80;
            case "https" -> 443;
            case "git" -> 9418;
            default -> 22;
          };
      targets.checkHost("upgrade", uri.getHost(), port);
    } catch (dev.greenroom.scaffolder.action.ActionException e) {
      throw new UpgradeException(UpgradeException.Reason.INPUT, e.getMessage(), e);
    }
  }
}
