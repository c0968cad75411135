package dev.greenroom.scaffolder.publish.internal;

import dev.greenroom.integrations.IntegrationsConfig;
import dev.greenroom.scaffolder.action.RemoteTargets;
import dev.greenroom.scaffolder.publish.git.GitPusher;
import dev.greenroom.scaffolder.publish.http.HostApi;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * What every publishing action shares, fixed by {@link
 * dev.greenroom.scaffolder.publish.PublishActions.Builder}.
 *
 * @param integrations the hosts and their credentials
 * @param targets where the actions may connect (API and git)
 * @param authorName the commit author when the input names none ({@code
 *     scaffolder.defaultAuthor.name})
 * @param authorEmail the commit e-mail when the input names none
 * @param commitMessage the commit message when the input names none ({@code
 *     scaffolder.defaultCommitMessage})
 * @param timeout the timeout of one request or git operation
 * @param executor the HTTP clients' executor, or null for the JDK's
 */
public record PublishSettings(IntegrationsConfig integrations, RemoteTargets targets,
    String authorName, String authorEmail, String commitMessage, Duration timeout,
    @Nullable Executor executor) {
  public PublishSettings {
    Objects.requireNonNull(integrations, "integrations");
    Objects.requireNonNull(targets, "targets");
    Objects.requireNonNull(authorName, "authorName");
    Objects.requireNonNull(authorEmail, "authorEmail");
    Objects.requireNonNull(commitMessage, "commitMessage");
    Objects.requireNonNull(timeout, "timeout");
  }

  /** A pusher with these targets and timeout. */
  public GitPusher pusher() {
    return new GitPusher(targets, timeout);
  }

  /** An API client for one call of {@code action}. */
  public HostApi api(String action, String hostName, @Nullable String authorization) {
    return new HostApi(action, hostName, authorization, targets, timeout, executor);
  }
}
