/**
 * Software templates (Backstage's scaffolder): the entry point {@link
 * dev.greenroom.scaffolder.Scaffolder} and the module's exception root {@link
 * dev.greenroom.scaffolder.ScaffolderException}. The stages live in sub-packages: {@code template}
 * (model, parameter validation), {@code render} (the {@code ${{ }}} engine), {@code action} (the
 * action SPI and built-ins), {@code run} (running one template), {@code task} (durable tasks).
 */
@org.jspecify.annotations.NullMarked
package dev.greenroom.scaffolder;
