package dev.greenroom.scaffolder.run;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A file a dry run left in the workspace (Backstage's {@code directoryContents} entry).
 *
 * @param path the path relative to the workspace, with {@code /} separators
 * @param content the bytes
 * @param executable whether the file is executable
 */
public record WorkspaceFile(String path, byte[] content, boolean executable) {
  public WorkspaceFile {
    Objects.requireNonNull(path, "path");
    content = content.clone();
  }

  /** The content as a copy. */
  @Override
  public byte[] content() {
    return content.clone();
  }

  /** The content decoded as UTF-8. */
  public String text() {
    return new String(content, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The content in base64, as Backstage's dry-run response carries it. */
  public String base64Content() {
    return Base64.getEncoder().encodeToString(content);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof WorkspaceFile f && f.path.equals(path) && f.executable == executable
        && Arrays.equals(f.content, content);
  }

  @Override
  public int hashCode() {
    return path.hashCode() * 31 + Arrays.hashCode(content);
  }

  @Override
  public String toString() {
    return path + " (" + content.length + " bytes" + (executable ? ", executable" : "") + ")";
  }
}
