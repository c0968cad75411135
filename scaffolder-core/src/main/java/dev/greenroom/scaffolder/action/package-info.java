/**
 * The action SPI: {@link dev.greenroom.scaffolder.action.TemplateAction} (what a template step
 * calls) and {@link dev.greenroom.scaffolder.action.ActionContext} (what the action gets: rendered
 * input, a confined workspace, outputs, a masking logger, checkpoints, cancellation). {@link
 * dev.greenroom.scaffolder.action.Actions} gives the built-ins ({@code action.builtin}) and opt-in
 * ServiceLoader discovery.
 */
@org.jspecify.annotations.NullMarked
package dev.greenroom.scaffolder.action;
