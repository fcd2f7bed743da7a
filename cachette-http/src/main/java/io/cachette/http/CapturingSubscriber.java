package io.cachette.http;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Passes the origin's body to the caller's subscriber as it arrives, while keeping a copy for the
 * store. {@link #captured()} completes with the whole body, or with null when it was larger than
 * the limit (it passes through and is not stored), failed, or was cancelled by the caller.
 *
 * <p>The caller's subscriber sees the end of the body only after {@code onBodyComplete} (the store)
 * has finished, so that a caller who has read a whole body knows the next request will find it.
 */
final class CapturingSubscriber<T> implements BodySubscriber<T> {
  private final BodySubscriber<T> delegate;
  private final long limit;
  private final Function<byte[], CompletionStage<?>> onBodyComplete;
  private final CompletableFuture<byte @Nullable []> captured = new CompletableFuture<>();
  private @Nullable ByteArrayOutputStream buffer;

  CapturingSubscriber(BodySubscriber<T> delegate, long limit, long contentLength,
      Function<byte[], CompletionStage<?>> onBodyComplete) {
    this.delegate = delegate;
    this.limit = limit;
    this.onBodyComplete = onBodyComplete;
    if (contentLength > limit) {
      captured.complete(null);
    } else {
      this.buffer = new ByteArrayOutputStream(
          (int) Math.max(0, Math.min(contentLength, 1 << 20)));
    }
  }

  CompletableFuture<byte @Nullable []> captured() {
    return captured;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    delegate.onSubscribe(new Flow.Subscription() {
      @Override
      public void request(long n) {
        subscription.request(n);
      }

      @Override
      public void cancel() {
        abandon();
        subscription.cancel();
      }
    });
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    ByteArrayOutputStream copy = buffer;
    if (copy != null) {
      for (ByteBuffer item : items) {
        ByteBuffer view = item.duplicate();
        if (copy.size() + (long) view.remaining() > limit) {
          abandon();
          copy = null;
          break;
        }
        byte[] chunk = new byte[view.remaining()];
        view.get(chunk);
        copy.write(chunk, 0, chunk.length);
      }
    }
    delegate.onNext(items);
  }

  @Override
  public void onError(Throwable throwable) {
    abandon();
    delegate.onError(throwable);
  }

  @Override
  public void onComplete() {
    ByteArrayOutputStream copy = buffer;
    buffer = null;
    if (copy == null) {
      delegate.onComplete();
      return;
    }
    byte[] body = copy.toByteArray();
    CompletionStage<?> stored;
    try {
      stored = onBodyComplete.apply(body);
    } catch (RuntimeException e) {
      stored = CompletableFuture.completedFuture(null);
    }
    captured.complete(body);
    stored.whenComplete((ignored, error) -> delegate.onComplete());
  }

  @Override
  public CompletionStage<T> getBody() {
    return delegate.getBody();
  }

  private void abandon() {
    buffer = null;
    captured.complete(null);
  }
}
