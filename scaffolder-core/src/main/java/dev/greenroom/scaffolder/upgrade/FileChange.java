package dev.greenroom.scaffolder.upgrade;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One file an upgrade changes in the repository.
 *
 * @param path the path relative to the repository root
 * @param status what happens to it
 * @param diff the unified diff from the repository's file to the new one ({@code --- a/path},
 *     {@code +++ b/path}, hunks); empty for binary files
 * @param content the new bytes, or null when the file is deleted or left as it is (a conflict the
 *     merge could not write)
 * @param note why a conflict is one, or null
 */
public record FileChange(String path, Status status, String diff, byte @Nullable [] content,
    @Nullable String note) {
  public FileChange {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(diff, "diff");
    content = content == null ? null : content.clone();
  }

  @Override
  public byte @Nullable [] content() {
    return content == null ? null : content.clone();
  }

  /** What an upgrade does to a file. */
  public enum Status {
    /** The template adds it. */
    ADDED,
    /** The template changed it and the repository had not: the new version replaces it. */
    MODIFIED,
    /** Both changed it and the changes merged cleanly. */
    MERGED,
    /** The template removed it and the repository had not changed it. */
    DELETED,
    /** Both changed it in ways that overlap: written with conflict markers, or left as it was. */
    CONFLICT;

    /** The lower-case wire name. */
    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
