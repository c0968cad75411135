package dev.greenroom.scaffolder.e2e;

import dev.greenroom.catalog.processing.ProcessingError;
import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.catalog.processing.location.UrlReader;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.jspecify.annotations.Nullable;

/**
 * A URL reader for the test's "git host": {@code file:///<root>/<owner>/<repo>/blob/<branch>/<path>}
 * is read from the bare repository {@code <root>/<owner>/<repo>.git} at {@code <branch>} with
 * JGit, as a GitHub reader reads {@code https://github.com/o/r/blob/main/catalog-info.yaml}.
 */
final class BareRepoUrlReader implements UrlReader {
  @Override
  public ReadResponse read(String url, @Nullable String etag, long maxBytes) {
    int blob = url.indexOf("/blob/");
    if (!url.startsWith("file:") || blob < 0) {
      throw new ProcessingException(ProcessingError.input("not a repository URL: " + url));
    }
    Path repoDir = Path.of(URI.create(url.substring(0, blob) + ".git"));
    String rest = url.substring(blob + "/blob/".length());
    int slash = rest.indexOf('/');
    String branch = rest.substring(0, slash);
    String path = rest.substring(slash + 1);
    try (Repository repo = new FileRepositoryBuilder().setGitDir(repoDir.toFile()).build();
        RevWalk walk = new RevWalk(repo)) {
      ObjectId head = repo.resolve("refs/heads/" + branch);
      if (head == null) {
        throw new ProcessingException(ProcessingError.notFound("no branch " + branch + " in " + url));
      }
      try (TreeWalk tw = TreeWalk.forPath(repo, path, walk.parseCommit(head).getTree())) {
        if (tw == null) {
          throw new ProcessingException(ProcessingError.notFound("file " + url + " not found"));
        }
        byte[] bytes = repo.open(tw.getObjectId(0)).getBytes();
        if (bytes.length > maxBytes) {
          throw new ProcessingException(ProcessingError.input(url + " is too large"));
        }
        return ReadResponse.of(bytes, head.getName());
      }
    } catch (IOException e) {
      throw new ProcessingException(ProcessingError.input("cannot read " + url + ": " + e), e);
    }
  }
}
