/**
 * Hosts that embed Greenroom, compiled and run in CI.
 */
package dev.greenroom.examples;
