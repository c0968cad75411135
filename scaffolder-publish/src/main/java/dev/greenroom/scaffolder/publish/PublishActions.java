package dev.greenroom.scaffolder.publish;

import dev.greenroom.integrations.IntegrationsConfig;
import dev.greenroom.scaffolder.action.RemoteTargets;
import dev.greenroom.scaffolder.action.TemplateAction;
import dev.greenroom.scaffolder.publish.azure.PublishAzureAction;
import dev.greenroom.scaffolder.publish.bitbucket.BitbucketCloudPublishAction;
import dev.greenroom.scaffolder.publish.bitbucket.BitbucketServerPublishAction;
import dev.greenroom.scaffolder.publish.bitbucket.BitbucketServerPullRequestAction;
import dev.greenroom.scaffolder.publish.github.GithubActionsDispatchAction;
import dev.greenroom.scaffolder.publish.github.GithubClients;
import dev.greenroom.scaffolder.publish.github.GithubEnvironmentCreateAction;
import dev.greenroom.scaffolder.publish.github.GithubPullRequestAction;
import dev.greenroom.scaffolder.publish.github.GithubRepoCreateAction;
import dev.greenroom.scaffolder.publish.github.GithubRepoPushAction;
import dev.greenroom.scaffolder.publish.github.GithubWebhookAction;
import dev.greenroom.scaffolder.publish.github.PublishGithubAction;
import dev.greenroom.scaffolder.publish.gitlab.GitlabGroupEnsureExistsAction;
import dev.greenroom.scaffolder.publish.gitlab.GitlabMergeRequestAction;
import dev.greenroom.scaffolder.publish.gitlab.PublishGitlabAction;
import dev.greenroom.scaffolder.publish.gerrit.PublishGerritAction;
import dev.greenroom.scaffolder.publish.gitea.PublishGiteaAction;
import dev.greenroom.scaffolder.publish.internal.PublishSettings;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * The entry point of the publishing actions (Backstage's {@code
 * plugin-scaffolder-backend-module-*} publish modules): built over the host's integrations, it
 * yields the actions to register with the scaffolder.
 *
 * <pre>{@code
 * PublishActions publish = PublishActions.builder()
 *     .integrations(IntegrationsConfig.parse(appConfig.path("integrations")))
 *     .targets(publishTargets)              // as publish:git has them
 *     .defaultAuthor("Scaffolder", "scaffolder@backstage.io")
 *     .build();
 * Scaffolder.builder().defaultActions().actions(publish.actions())...
 * }</pre>
 *
 * <p>Every action creates its repository (or branch, pull request) with the host's REST API and
 * pushes with JGit over HTTP(S), each effect inside a checkpoint so that a retried task does not
 * create or push twice. None is dry-run safe: dry runs skip them and give their outputs example
 * values, as Backstage's do. Immutable and thread-safe.
 */
public final class PublishActions {
  private final PublishSettings settings;
  private final List<TemplateAction> actions;

  private PublishActions(Builder b) {
    this.settings = new PublishSettings(b.integrations, b.targets, b.authorName, b.authorEmail,
        b.commitMessage, b.timeout, b.executor);
    GithubClients github = new GithubClients(settings);
    this.actions = List.of(
        new BitbucketServerPublishAction(settings),
        new BitbucketServerPullRequestAction(settings),
        new BitbucketCloudPublishAction(settings),
        new PublishGithubAction(settings, github),
        new GithubRepoCreateAction(settings, github),
        new GithubRepoPushAction(settings, github),
        new GithubPullRequestAction(settings, github),
        new GithubWebhookAction(settings, github),
        new GithubEnvironmentCreateAction(settings, github),
        new GithubActionsDispatchAction(settings, github),
        new PublishGitlabAction(settings),
        new GitlabMergeRequestAction(settings),
        new GitlabGroupEnsureExistsAction(settings),
        new PublishGiteaAction(settings),
        new PublishGerritAction(settings),
        new PublishAzureAction(settings));
  }

  /** A builder: Backstage's default integrations, public hosts only. */
  public static Builder builder() {
    return new Builder();
  }

  /** The actions, for {@code Scaffolder.Builder#actions}. */
  public List<TemplateAction> actions() {
    return actions;
  }

  /** One action by id. */
  public Optional<TemplateAction> action(String id) {
    return actions.stream().filter(a -> a.id().equals(id)).findFirst();
  }

  /** Settings of {@link PublishActions}; each is checked when set. */
  public static final class Builder {
    private IntegrationsConfig integrations = IntegrationsConfig.defaults();
    private RemoteTargets targets = RemoteTargets.publicOnly();
    private String authorName = "Scaffolder";
    private String authorEmail = "scaffolder@backstage.io";
    private String commitMessage = "initial commit";
    private Duration timeout = Duration.ofSeconds(60);
    private @Nullable Executor executor;

    private Builder() {}

    /** The hosts and credentials ({@code integrations} config). */
    public Builder integrations(IntegrationsConfig integrations) {
      this.integrations = Objects.requireNonNull(integrations, "integrations");
      return this;
    }

    /**
     * Where the actions may connect, API and git alike ({@link RemoteTargets#publicOnly()} by
     * default; a deployer with an internal Bitbucket Server allows its host).
     */
    public Builder targets(RemoteTargets targets) {
      this.targets = Objects.requireNonNull(targets, "targets");
      return this;
    }

    /** The commit author when a template names none ({@code scaffolder.defaultAuthor}). */
    public Builder defaultAuthor(String name, String email) {
      if (name.isBlank() || email.isBlank()) {
        throw new IllegalArgumentException("default author name and e-mail must not be blank");
      }
      this.authorName = name;
      this.authorEmail = email;
      return this;
    }

    /** The commit message when a template names none ({@code scaffolder.defaultCommitMessage}). */
    public Builder defaultCommitMessage(String message) {
      this.commitMessage = Objects.requireNonNull(message, "message");
      return this;
    }

    /** The timeout of one API request or git operation (60 s by default). */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive");
      }
      this.timeout = timeout;
      return this;
    }

    /** The executor of the HTTP clients (the JDK's by default). */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** The actions. */
    public PublishActions build() {
      return new PublishActions(this);
    }
  }
}
