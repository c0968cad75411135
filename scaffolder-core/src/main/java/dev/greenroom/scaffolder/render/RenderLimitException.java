package dev.greenroom.scaffolder.render;

/**
 * A render went over one of its limits: its deadline ({@link TemplateRenderer.Builder#renderTimeout}),
 * the size of a value or of the output ({@link TemplateRenderer.Builder#maxRenderedChars}), the
 * work it may do ({@link TemplateRenderer.Builder#maxRenderWork}) or its loop iterations; or the
 * thread rendering it was interrupted. The message names the template and the limit. Unlike other
 * render errors, it is never retried another way: the render is over.
 */
public class RenderLimitException extends RenderException {
  /** An error with a message. */
  public RenderLimitException(String message) {
    super(message);
  }

  /** An error with a message and its cause. */
  public RenderLimitException(String message, Throwable cause) {
    super(message, cause);
  }
}
