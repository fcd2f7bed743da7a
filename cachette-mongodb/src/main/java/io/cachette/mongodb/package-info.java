/**
 * The MongoDB backends on the official MongoDB Java driver (its synchronous API, with the async
 * face on a bounded executor): {@code mongodb://} and {@code mongodb+srv://} keep one document
 * per key in a collection ({@link io.cachette.mongodb.MongoBackend}); {@code gridfs://} keeps
 * values of any size in a GridFS bucket ({@link io.cachette.mongodb.GridFsBackend}). Both
 * register their schemes through {@link io.cachette.mongodb.MongoBackendProvider}.
 */
@NullMarked
package io.cachette.mongodb;

import org.jspecify.annotations.NullMarked;
