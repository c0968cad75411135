/**
 * The git side of publishing: {@link dev.greenroom.scaffolder.publish.git.GitPusher} commits a
 * workspace folder and pushes it with JGit over HTTP(S), with {@link
 * dev.greenroom.scaffolder.publish.git.GitAuth} credentials.
 */
@NullMarked
package dev.greenroom.scaffolder.publish.git;

import org.jspecify.annotations.NullMarked;
