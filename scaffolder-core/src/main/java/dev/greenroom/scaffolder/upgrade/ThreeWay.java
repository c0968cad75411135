package dev.greenroom.scaffolder.upgrade;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;
import org.eclipse.jgit.merge.MergeAlgorithm;
import org.eclipse.jgit.merge.MergeFormatter;
import org.eclipse.jgit.merge.MergeResult;
import org.jspecify.annotations.Nullable;

/**
 * The three-way upgrade of a repository's files: for every file either template version renders,
 * base = v1, theirs = v2, ours = the repository. A file the template did not change is left
 * alone; a file the repository did not change takes v2 (or is deleted when v2 dropped it); a file
 * both changed is merged line by line with JGit's {@link MergeAlgorithm}, overlaps written with
 * conflict markers ({@code <<<<<<< repository}, {@code =======}, {@code >>>>>>> template vN}).
 * Binary files and delete/modify clashes are conflicts that keep the repository's file.
 */
final class ThreeWay {
  private ThreeWay() {}

  static List<FileChange> apply(Map<String, byte[]> v1, Map<String, byte[]> v2,
      Map<String, byte[]> repo) {
    List<FileChange> out = new ArrayList<>();
    for (String path : TemplateUpgrades.union(v1, v2)) {
      byte[] base = v1.get(path);
      byte[] theirs = v2.get(path);
      byte[] ours = repo.get(path);
      if (same(base, theirs) || same(ours, theirs)) {
        continue; // the template did not change it, or the repository already has the new one
      }
      if (ours == null) {
        if (base == null) {
          out.add(change(path, FileChange.Status.ADDED, null, theirs, null));
        } else {
          out.add(new FileChange(path, FileChange.Status.CONFLICT, "", null,
              "deleted in the repository, changed by the template"));
        }
        continue;
      }
      if (theirs == null) {
        if (same(ours, base)) {
          out.add(change(path, FileChange.Status.DELETED, ours, null, null));
        } else {
          out.add(new FileChange(path, FileChange.Status.CONFLICT, "", null,
              "changed in the repository, removed by the template"));
        }
        continue;
      }
      if (same(ours, base)) {
        out.add(change(path, FileChange.Status.MODIFIED, ours, theirs, null));
        continue;
      }
      byte[] b = base == null ? new byte[0] : base;
      if (RawText.isBinary(b) || RawText.isBinary(ours) || RawText.isBinary(theirs)) {
        out.add(new FileChange(path, FileChange.Status.CONFLICT, "", null,
            "a binary file changed in the repository and by the template"));
        continue;
      }
      MergeResult<RawText> merged = new MergeAlgorithm().merge(RawTextComparator.DEFAULT,
          new RawText(b), new RawText(ours), new RawText(theirs));
      byte[] text = format(merged);
      if (merged.containsConflicts()) {
        out.add(change(path, FileChange.Status.CONFLICT, ours, text,
            "changed in the repository and by the template on the same lines"));
      } else {
        out.add(change(path, FileChange.Status.MERGED, ours, text, null));
      }
    }
    return out;
  }

  private static FileChange change(String path, FileChange.Status status, byte @Nullable [] before,
      byte @Nullable [] after, @Nullable String note) {
    return new FileChange(path, status, Diffs.unified(path, before, after), after, note);
  }

  private static boolean same(byte @Nullable [] a, byte @Nullable [] b) {
    return a == null ? b == null : b != null && Arrays.equals(a, b);
  }

  private static byte[] format(MergeResult<RawText> merged) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      new MergeFormatter().formatMerge(out, merged,
          List.of("template (recorded version)", "repository", "template (new version)"),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
