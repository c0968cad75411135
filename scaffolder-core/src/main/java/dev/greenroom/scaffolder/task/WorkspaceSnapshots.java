package dev.greenroom.scaffolder.task;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Zips a task workspace into bytes for the store and unzips it back, so that a retried or
 * recovered run that skips completed steps finds the files those steps left (Backstage's {@code
 * EXPERIMENTAL_workspaceSerialization}, stored in the database as Backstage's default does).
 * Symbolic links are not followed; entries that would land outside the target are refused; both
 * directions stop at a size limit.
 */
public final class WorkspaceSnapshots {
  /** The last entry: the executable files' paths, one a line. */
  static final String EXECUTABLES = ".greenroom-snapshot-executables";

  private WorkspaceSnapshots() {}

  /**
   * The workspace's regular files as a zip, or empty when their total size exceeds {@code
   * maxBytes}. Executable files are marked in the entry's comment.
   */
  public static Optional<byte[]> zip(Path workspace, long maxBytes) {
    List<Path> files = new ArrayList<>();
    long[] total = {0};
    try {
      if (!Files.isDirectory(workspace)) {
        return Optional.of(emptyZip());
      }
      Files.walkFileTree(
          workspace,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              if (attrs.isRegularFile()) {
                files.add(file);
                total[0] += attrs.size();
              }
              return total[0] > maxBytes ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
            }
          });
      if (total[0] > maxBytes) {
        return Optional.empty();
      }
      files.sort(Comparator.naturalOrder());
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      StringBuilder executables = new StringBuilder();
      try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
        for (Path f : files) {
          String name = workspace.relativize(f).toString().replace('\\', '/');
          if (name.equals(EXECUTABLES)) {
            continue;
          }
          if (Files.isExecutable(f)) {
            executables.append(name).append('\n');
          }
          zip.putNextEntry(new ZipEntry(name));
          Files.copy(f, zip);
          zip.closeEntry();
        }
        zip.putNextEntry(new ZipEntry(EXECUTABLES));
        zip.write(executables.toString().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
      return Optional.of(bytes.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot snapshot the workspace " + workspace, e);
    }
  }

  private static byte[] emptyZip() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new ZipOutputStream(bytes).close();
    return bytes.toByteArray();
  }

  /**
   * Unzips a snapshot into {@code target}.
   *
   * @throws UncheckedIOException when an entry points outside the target, or the content exceeds
   *     {@code maxBytes}
   */
  public static void unzip(byte[] snapshot, Path target, long maxBytes) {
    Path root = target.toAbsolutePath().normalize();
    long total = 0;
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(snapshot))) {
      ZipEntry e;
      byte[] buf = new byte[8192];
      while ((e = zip.getNextEntry()) != null) {
        Path out = root.resolve(e.getName()).normalize();
        if (!out.startsWith(root) || out.equals(root)) {
          throw new IOException("snapshot entry '" + e.getName() + "' points outside the workspace");
        }
        if (e.isDirectory()) {
          Files.createDirectories(out);
          continue;
        }
        if (e.getName().equals(EXECUTABLES)) {
          String list = new String(zip.readNBytes((int) Math.min(maxBytes, Integer.MAX_VALUE - 8)), StandardCharsets.UTF_8);
          for (String line : list.split("\n")) {
            Path x = root.resolve(line).normalize();
            if (!line.isEmpty() && x.startsWith(root) && Files.isRegularFile(x)) {
              x.toFile().setExecutable(true);
            }
          }
          continue;
        }
        Files.createDirectories(out.getParent());
        try (OutputStream os = Files.newOutputStream(out)) {
          int n;
          while ((n = zip.read(buf)) > 0) {
            total += n;
            if (total > maxBytes) {
              throw new IOException("snapshot is larger than " + maxBytes + " bytes");
            }
            os.write(buf, 0, n);
          }
        }
      }
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot restore the workspace snapshot: " + ex.getMessage(), ex);
    }
  }

  /** Deletes a directory tree (best effort; symbolic links are removed, not followed). */
  public static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  // best effort
                }
              });
    } catch (IOException | UncheckedIOException e) {
      // best effort
    }
  }

}
