package dev.greenroom.http.scaffolder;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Completes form fields of templates for one provider, such as the RepoUrlPicker's owners and
 * repositories on GitHub: {@code POST /api/scaffolder/v2/autocomplete/:provider/:resource} with
 * {@code {token, context}} answers {@code {results: [{id, title?}]}} (Backstage's {@code
 * autocompleteHandlers}). The token is the user's token for the provider, sent by the form; a
 * handler uses it for that one call and never keeps or logs it.
 */
@FunctionalInterface
public interface AutocompleteHandler {
  /**
   * The completions.
   *
   * @param resource what to complete, such as {@code repositories} or {@code branches}
   * @param token the user's token for the provider
   * @param context the form's context (for example {@code {owner: "acme"}}); an empty object
   *     when the form sent none
   * @throws IllegalArgumentException for an unknown resource or bad context (a 400 naming it)
   */
  List<Result> complete(String resource, String token, JsonNode context);

  /**
   * One completion.
   *
   * @param id the value the field takes
   * @param title what the list shows, or null for the id
   */
  record Result(String id, @Nullable String title) {
    public Result {
      Objects.requireNonNull(id, "id");
    }
  }
}
