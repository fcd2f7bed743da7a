package io.cachette.http;

import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Feeds stored body bytes to the caller's {@link BodyHandler}, so that every handler (ofString,
 * ofInputStream, ofFile, ofPublisher, custom ones) gets a cached body exactly as it would get the
 * origin's: one buffer, then completion, respecting the subscriber's demand.
 */
final class Replay {
  private Replay() {}

  static <T> CompletableFuture<T> body(BodyHandler<T> handler, int status, HttpHeaders headers,
      HttpClient.Version version, byte[] body) {
    BodySubscriber<T> subscriber;
    try {
      subscriber = handler.apply(new Info(status, headers, version));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    subscriber.onSubscribe(new OneBuffer(subscriber, body));
    return subscriber.getBody().toCompletableFuture();
  }

  private record Info(int statusCode, HttpHeaders headers, HttpClient.Version version)
      implements HttpResponse.ResponseInfo {}

  /** A subscription that delivers one buffer (none for an empty body) on the first demand. */
  private static final class OneBuffer implements Flow.Subscription {
    private final BodySubscriber<?> subscriber;
    private final byte[] body;
    private final AtomicBoolean done = new AtomicBoolean();

    OneBuffer(BodySubscriber<?> subscriber, byte[] body) {
      this.subscriber = subscriber;
      this.body = body;
    }

    @Override
    public void request(long n) {
      if (n <= 0) {
        if (done.compareAndSet(false, true)) {
          subscriber.onError(new IllegalArgumentException(
              "Reactive Streams §3.9: request(" + n + ") must be positive"));
        }
        return;
      }
      if (done.compareAndSet(false, true)) {
        if (body.length > 0) {
          subscriber.onNext(List.of(ByteBuffer.wrap(body.clone())));
        }
        subscriber.onComplete();
      }
    }

    @Override
    public void cancel() {
      done.set(true);
    }
  }
}
