package dev.greenroom.catalog.processing.state;

/**
 * A location a user registered ({@code POST /locations}).
 *
 * @param id a random UUID
 * @param type the reader type
 * @param target what to read
 */
public record RegisteredLocation(String id, String type, String target) {}
