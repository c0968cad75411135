package dev.greenroom.scaffolder.upgrade;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A computed upgrade: the versions and the per-file changes.
 *
 * @param target what was upgraded
 * @param oldVersion the recorded version, or null when none was recorded
 * @param newVersion the template's current version
 * @param files the changed files, sorted by path (files the upgrade leaves alone are absent)
 */
public record UpgradeDiff(UpgradeTarget target, @Nullable String oldVersion, String newVersion,
    List<FileChange> files) {
  public UpgradeDiff {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(newVersion, "newVersion");
    files = List.copyOf(files);
  }

  /** The files with conflicts. */
  public List<FileChange> conflicts() {
    return files.stream().filter(f -> f.status() == FileChange.Status.CONFLICT).toList();
  }
}
