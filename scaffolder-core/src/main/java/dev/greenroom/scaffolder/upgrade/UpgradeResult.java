package dev.greenroom.scaffolder.upgrade;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@link TemplateUpgrades#open(UpgradeTarget)} did.
 *
 * @param diff the three-way upgrade that was pushed
 * @param branch the pushed branch, or null when there was nothing to change
 * @param commit the pushed commit, or null when there was nothing to change
 * @param pullRequestUrl the opened pull request, or null when no opener served the host
 */
public record UpgradeResult(UpgradeDiff diff, @Nullable String branch, @Nullable String commit,
    @Nullable String pullRequestUrl) {
  public UpgradeResult {
    Objects.requireNonNull(diff, "diff");
  }
}
