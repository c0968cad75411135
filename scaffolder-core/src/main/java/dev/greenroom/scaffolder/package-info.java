/**
 * Software templates and their task runtime. Arrives with issue 5.
 */
package dev.greenroom.scaffolder;
