package io.cachette.client;

/** A test value read from JSON. */
record Pokemon(int id, String name) {}
