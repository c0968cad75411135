package dev.greenroom.scaffolder.upgrade;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.EditList;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;
import org.jspecify.annotations.Nullable;

/** Unified diffs of two versions of a file, with JGit's histogram diff. */
final class Diffs {
  private Diffs() {}

  /**
   * The unified diff from {@code before} (null: no file) to {@code after} (null: deleted), with
   * {@code --- a/path} / {@code +++ b/path} headers ({@code /dev/null} for a missing side) and
   * three lines of context; a binary file gives one line saying so.
   */
  static String unified(String path, byte @Nullable [] before, byte @Nullable [] after) {
    byte[] a = before == null ? new byte[0] : before;
    byte[] b = after == null ? new byte[0] : after;
    if (RawText.isBinary(a) || RawText.isBinary(b)) {
      return "Binary files " + (before == null ? "/dev/null" : "a/" + path) + " and "
          + (after == null ? "/dev/null" : "b/" + path) + " differ\n";
    }
    RawText ra = new RawText(a);
    RawText rb = new RawText(b);
    EditList edits = DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM)
        .diff(RawTextComparator.DEFAULT, ra, rb);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DiffFormatter f = new DiffFormatter(out)) {
      out.write(("--- " + (before == null ? "/dev/null" : "a/" + path) + "\n").getBytes(
          StandardCharsets.UTF_8));
      out.write(("+++ " + (after == null ? "/dev/null" : "b/" + path) + "\n").getBytes(
          StandardCharsets.UTF_8));
      f.format(edits, ra, rb);
      f.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
