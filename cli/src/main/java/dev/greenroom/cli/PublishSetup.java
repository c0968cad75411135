package dev.greenroom.cli;

import dev.greenroom.cli.config.AppConfig;
import dev.greenroom.scaffolder.Scaffolder;
import dev.greenroom.scaffolder.action.RemoteTargets;
import dev.greenroom.scaffolder.action.TemplateAction;
import dev.greenroom.scaffolder.publish.PublishActions;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The publishing actions {@code serve} offers ({@code publish:github}, {@code
 * publish:bitbucketServer}, ...), over the app's {@code integrations}, with the same {@code
 * scaffolder.publish.allow} confinement as {@code publish:git} and Backstage's {@code
 * scaffolder.defaultAuthor} and {@code scaffolder.defaultCommitMessage}.
 */
final class PublishSetup {
  private PublishSetup() {}

  /**
   * Applies {@code scaffolder.defaultAuthor} and {@code scaffolder.defaultCommitMessage} to the
   * scaffolder, so that {@code publish:git} commits as the publishing actions do.
   */
  static void commitDefaults(AppConfig config, Scaffolder.Builder b) {
    JsonNode scaffolder = config.tree().path("scaffolder");
    String name = scaffolder.path("defaultAuthor").path("name").asString("");
    String email = scaffolder.path("defaultAuthor").path("email").asString("");
    if (!name.isBlank() || !email.isBlank()) {
      b.defaultAuthor(name.isBlank() ? "Scaffolder" : name,
          email.isBlank() ? "scaffolder@backstage.io" : email);
    }
    String message = scaffolder.path("defaultCommitMessage").asString("");
    if (!message.isBlank()) {
      b.defaultCommitMessage(message);
    }
  }

  static List<TemplateAction> actions(AppConfig config, RemoteTargets targets) {
    JsonNode scaffolder = config.tree().path("scaffolder");
    PublishActions.Builder b = PublishActions.builder()
        .integrations(config.integrations())
        .targets(targets);
    String name = scaffolder.path("defaultAuthor").path("name").asString("");
    String email = scaffolder.path("defaultAuthor").path("email").asString("");
    if (!name.isBlank() || !email.isBlank()) {
      b.defaultAuthor(name.isBlank() ? "Scaffolder" : name,
          email.isBlank() ? "scaffolder@backstage.io" : email);
    }
    String message = scaffolder.path("defaultCommitMessage").asString("");
    if (!message.isBlank()) {
      b.defaultCommitMessage(message);
    }
    return b.build().actions();
  }
}
