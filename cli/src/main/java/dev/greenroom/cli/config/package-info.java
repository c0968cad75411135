/**
 * Reading Backstage's {@code app-config.yaml} for the command line: {@link
 * dev.greenroom.cli.config.AppConfig} loads one or more files, substitutes environment variables
 * as Backstage does, merges them in order and checks the keys Greenroom uses.
 */
@NullMarked
package dev.greenroom.cli.config;

import org.jspecify.annotations.NullMarked;
