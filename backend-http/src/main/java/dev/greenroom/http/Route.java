package dev.greenroom.http;

import java.io.IOException;

/** The handler of one route. */
@FunctionalInterface
public interface Route {
  /**
   * Answers one call. Throw {@link ApiException} (or a catalog exception) for error answers; the
   * routing core writes the error body unless the response is committed already.
   */
  void handle(Call call) throws IOException;
}
