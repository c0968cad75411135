package dev.greenroom.scaffolder.upgrade;

import dev.greenroom.catalog.processing.ProcessingError;
import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.catalog.processing.location.UrlReader;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.jspecify.annotations.Nullable;

/**
 * The test's SCM host as a URL reader: {@code file:///<root>/<owner>/<repo>/tree/<branch>/} and
 * {@code .../blob/<branch>/<path>} are read from the bare repository {@code
 * <root>/<owner>/<repo>.git} with JGit, as a GitHub reader reads {@code
 * https://github.com/o/r/tree/main/}.
 */
public final class BareRepoTrees implements UrlReader {
  private static final Pattern URL = Pattern.compile("^(file:.+?)/(tree|blob)/([^/]+)/?(.*)$");

  @Override
  public ReadResponse read(String url, @Nullable String etag, long maxBytes) {
    Matcher m = matcher(url);
    List<TreeFile> files = files(m, m.group(4));
    return files.stream().filter(f -> f.path().isEmpty()).findFirst()
        .map(f -> ReadResponse.of(f.content(), null))
        .orElseThrow(() -> new ProcessingException(ProcessingError.notFound(url + " not found")));
  }

  @Override
  public ReadTreeResponse readTree(String url, @Nullable String etag) {
    Matcher m = matcher(url);
    String dir = m.group(4);
    return ReadTreeResponse.of(files(m, dir.isEmpty() || dir.endsWith("/") ? dir : dir + "/"),
        null);
  }

  private static Matcher matcher(String url) {
    Matcher m = URL.matcher(url);
    if (!m.matches()) {
      throw new ProcessingException(ProcessingError.input("not a repository URL: " + url));
    }
    return m;
  }

  /** Files under {@code prefix} (a folder ending in / or empty), or the one file named. */
  private static List<TreeFile> files(Matcher m, String prefix) {
    Path repoDir = Path.of(URI.create(m.group(1) + ".git"));
    try (Repository repo = new FileRepositoryBuilder().setGitDir(repoDir.toFile()).build();
        RevWalk walk = new RevWalk(repo)) {
      ObjectId head = repo.resolve("refs/heads/" + m.group(3));
      if (head == null) {
        throw new ProcessingException(ProcessingError.notFound("no branch " + m.group(3)));
      }
      List<TreeFile> out = new ArrayList<>();
      try (TreeWalk tw = new TreeWalk(repo)) {
        tw.addTree(walk.parseCommit(head).getTree());
        tw.setRecursive(true);
        while (tw.next()) {
          String p = tw.getPathString();
          if (p.equals(prefix)) {
            out.add(new TreeFile("", repo.open(tw.getObjectId(0)).getBytes()));
          } else if (p.startsWith(prefix)) {
            out.add(new TreeFile(p.substring(prefix.length()), repo.open(tw.getObjectId(0)).getBytes()));
          }
        }
      }
      return out;
    } catch (IOException e) {
      throw new ProcessingException(ProcessingError.input("cannot read " + repoDir + ": " + e), e);
    }
  }
}
