/**
 * A Spring Boot service embedding Greenroom through {@code greenroom-spring-boot-starter}: its
 * application class, one catalog processor, one scaffolder action and one controller of its own.
 */
@NullMarked
package dev.greenroom.examples.springboot;

import org.jspecify.annotations.NullMarked;
