/**
 * The DynamoDB backend on the AWS SDK for Java v2: {@code dynamodb://table?region=...}, with a
 * native async face on {@code DynamoDbAsyncClient}. Start with
 * {@link io.cachette.dynamodb.DynamoDbBackend}.
 */
@NullMarked
package io.cachette.dynamodb;

import org.jspecify.annotations.NullMarked;
