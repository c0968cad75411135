package dev.greenroom.scaffolder.action.builtin;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.scaffolder.action.ActionContext;
import dev.greenroom.scaffolder.action.ActionEnvironment;
import dev.greenroom.scaffolder.action.ActionException;
import dev.greenroom.scaffolder.action.ActionExample;
import dev.greenroom.scaffolder.action.SafePaths;
import java.nio.file.Files;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.PushCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code publish:git}: commits the workspace (or {@code sourcePath}) as the first commit of a new
 * repository and pushes it to {@code remoteUrl}, with JGit (the provider-neutral core of
 * Backstage's {@code publish:*} actions; creating the remote repository is the host's or a
 * provider action's business). The git metadata is kept outside the workspace. The push runs in a
 * checkpoint, so a retried task does not push twice.
 *
 * <p>The remote goes through the host's {@link ActionEnvironment#publishTargets()}: only {@code
 * http}, {@code https}, {@code ssh} and {@code git} remotes on hosts that resolve to public
 * addresses, unless the host allowed an internal server; local repositories ({@code file:} URLs,
 * plain paths) only inside an allowed file root. HTTP redirects are not followed, so an allowed
 * host cannot send the push elsewhere.
 *
 * <p>Outputs: {@code remoteUrl}, {@code repoContentsUrl} ({@code <remote without .git>/blob/<branch>},
 * GitHub's form, or the input {@code repoContentsUrl}) and {@code commitHash}.
 */
public final class PublishGitAction extends BuiltinAction {
  private static final Set<String> REMOTE_SCHEMES =
      Set.of("http", "https", "ssh", "git", "git+ssh", "ssh+git");

  private final ActionEnvironment env;

  /** The action over the host's defaults (author, commit message). */
  public PublishGitAction(ActionEnvironment env) {
    super("publish:git", "Initializes a git repository of the content in the workspace, and"
        + " pushes it to a remote git repository.", """
        {"type":"object","required":["remoteUrl"],"properties":{
          "remoteUrl":{"type":"string","description":"The git URL to push to (https://, ssh://, or file: inside a file root the host allows)"},
          "defaultBranch":{"type":"string","description":"Branch to push. Defaults to master"},
          "sourcePath":{"type":"string","description":"Path within the workspace that will be used as the repository root."},
          "gitCommitMessage":{"type":"string","description":"Sets the commit message on the repository."},
          "gitAuthorName":{"type":"string","description":"Sets the default author name for the commit."},
          "gitAuthorEmail":{"type":"string","description":"Sets the default author email for the commit."},
          "repoContentsUrl":{"type":"string","description":"The browsable URL of the pushed tree, when the remote's form is not GitHub's"},
          "token":{"type":"string","description":"A token for HTTP basic authentication (user x-access-token)"}}}""",
        """
        {"type":"object","properties":{
          "remoteUrl":{"type":"string","description":"A URL to the repository with the provider"},
          "repoContentsUrl":{"type":"string","description":"A URL to the root of the repository"},
          "commitHash":{"type":"string","description":"The git commit hash of the initial commit"}}}""",
        new ActionExample("Publish the workspace to a repository", """
            steps:
              - action: publish:git
                id: publish
                name: Publish
                input:
                  remoteUrl: https://git.example.com/acme/my-service.git
                  defaultBranch: main
            """));
    this.env = env;
  }

  @Override
  public void execute(ActionContext ctx) throws Exception {
    String remote = required(ctx, "remoteUrl", id());
    checkRemote(remote);
    String branch = text(ctx, "defaultBranch");
    if (branch == null || branch.isEmpty()) {
      branch = "master";
    }
    String source = text(ctx, "sourcePath");
    Path dir = SafePaths.resolve(ctx.workspace(), source == null ? "." : source, "sourcePath");
    if (!Files.isDirectory(dir)) {
      throw new ActionException("publish:git: sourcePath " + source + " is not a directory");
    }
    String name = orElse(text(ctx, "gitAuthorName"), env.defaultAuthorName());
    String email = orElse(text(ctx, "gitAuthorEmail"), env.defaultAuthorEmail());
    String message = orElse(text(ctx, "gitCommitMessage"), env.defaultCommitMessage());
    String token = text(ctx, "token");
    String br = branch;
    JsonNode result = ctx.checkpoint("publish:git." + remote + "." + branch, () -> {
      try {
        return push(ctx, dir, remote, br, name, email, message, token);
      } catch (Exception e) {
        throw new ActionException("publish:git: pushing to " + remote + " failed: "
            + e.getMessage(), e);
      }
    });
    String contents = text(ctx, "repoContentsUrl");
    if (contents == null) {
      String base = remote.endsWith(".git") ? remote.substring(0, remote.length() - 4) : remote;
      contents = base + "/blob/" + branch;
    }
    ctx.output("remoteUrl", remote);
    ctx.output("repoContentsUrl", contents);
    ctx.output("commitHash", result.path("commitHash").asString(""));
  }

  private ObjectNode push(ActionContext ctx, Path dir, String remote, String branch, String name,
      String email, String message, String token) throws GitAPIException, java.io.IOException {
    Path gitDir = ctx.createTemporaryDirectory().resolve("git");
    Path gitLink = dir.resolve(".git");
    if (Files.exists(gitLink, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      throw new ActionException("publish:git: " + (dir.equals(ctx.workspace()) ? "the workspace"
          : "sourcePath") + " already contains a .git entry");
    }
    try (Git git = Git.init().setDirectory(dir.toFile()).setGitDir(gitDir.toFile())
        .setInitialBranch(branch).call()) {
      git.add().addFilepattern(".").call();
      PersonIdent who = new PersonIdent(name, email);
      RevCommit commit = git.commit().setMessage(message).setAuthor(who).setCommitter(who)
          .setSign(false).setAllowEmpty(true).call();
      ctx.log("Committed " + commit.getName() + " as " + name + " <" + email + ">");
      StoredConfig config = git.getRepository().getConfig();
      config.setString("http", null, "followRedirects", "false");
      config.save();
      PushCommand push = git.push().setRemote(remote)
          .setRefSpecs(new RefSpec("refs/heads/" + branch + ":refs/heads/" + branch));
      if (token != null && !token.isEmpty()) {
        push.setCredentialsProvider(new UsernamePasswordCredentialsProvider("x-access-token",
            token));
      }
      for (PushResult r : push.call()) {
        for (RemoteRefUpdate u : r.getRemoteUpdates()) {
          if (u.getStatus() != RemoteRefUpdate.Status.OK
              && u.getStatus() != RemoteRefUpdate.Status.UP_TO_DATE) {
            throw new ActionException("publish:git: push of " + u.getRemoteName() + " to " + remote
                + " was refused: " + u.getStatus()
                + (u.getMessage() == null ? "" : " (" + u.getMessage() + ")"));
          }
        }
      }
      ctx.log("Pushed branch " + branch + " to " + remote);
      // JGit leaves a "gitdir:" link file in a work tree whose repository lives elsewhere
      try {
        Files.deleteIfExists(gitLink);
      } catch (java.io.IOException e) {
        throw new ActionException("publish:git: cannot remove " + gitLink + ": " + e.getMessage(), e);
      }
      ObjectNode out = Json.object();
      out.put("commitHash", commit.getName());
      return out;
    }
  }

  /** Refuses remotes outside {@link ActionEnvironment#publishTargets()}, naming the host. */
  private void checkRemote(String remote) {
    URIish uri;
    try {
      uri = new URIish(remote);
    } catch (URISyntaxException e) {
      throw new ActionException("publish:git: remoteUrl " + remote + " is not a git URL");
    }
    String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost();
    if ((scheme == null && (host == null || host.isEmpty())) || "file".equals(scheme)) {
      env.publishTargets().checkFile(id(), uri.getPath());
      return;
    }
    if (scheme != null && !REMOTE_SCHEMES.contains(scheme)) {
      throw new ActionException("publish:git: remoteUrl scheme " + scheme + " is not allowed"
          + " (use https, ssh or git)");
    }
    if (host == null || host.isEmpty()) {
      throw new ActionException("publish:git: remoteUrl " + remote + " names no host");
    }
    int port = uri.getPort() > 0 ? uri.getPort() : defaultPort(scheme);
    env.publishTargets().checkHost(id(), host, port);
  }

  private static int defaultPort(String scheme) {
    if (scheme == null) {
      return 22; // scp-like user@host:path
    }
    return switch (scheme) {
      case "http" -> 80;
      case "https" -> 443;
      case "git" -> 9418;
      default -> 22;
    };
  }

  private static String orElse(String v, String dflt) {
    return v == null || v.isEmpty() ? dflt : v;
  }
}
