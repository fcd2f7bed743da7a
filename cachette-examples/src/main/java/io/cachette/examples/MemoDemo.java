package io.cachette.examples;

import io.cachette.memo.CacheClear;
import io.cachette.memo.Cached;
import io.cachette.memo.Memoizer;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The README's memoization example: a slow service memoized with {@code @Cached}; the second call
 * is served from the cache (the service call counter does not move). Part of {@link Demo}.
 */
public final class MemoDemo {
  private MemoDemo() {}

  /** A forecast. */
  public record Forecast(String city, int celsius) {}

  /** The service to memoize. */
  public interface Weather {
    /** Slow: asks a remote service. */
    @Cached(namespace = "weather", ttl = "10m")
    Forecast forecast(String city);

    /** Clears the weather namespace after it runs. */
    @CacheClear(namespaces = "weather")
    void refresh();
  }

  /** A stand-in for a remote service: 300 ms per call, and it counts them. */
  static final class SlowWeather implements Weather {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public Forecast forecast(String city) {
      calls.incrementAndGet();
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new Forecast(city, 21);
    }

    @Override
    public void refresh() {}
  }

  /** Runs the example and prints each call's time and the service's call count. */
  public static void main(String[] args) {
    System.out.println("== memoization: @Cached on a slow service interface");
    try (Memoizer memo = Memoizer.builder().backend("memory://").build()) {
      SlowWeather service = new SlowWeather();
      Weather weather = memo.proxy(Weather.class, service);

      call(weather, service, "Paris");   // runs the service: ~300 ms
      call(weather, service, "Paris");   // from the cache: the service is not called
      call(weather, service, "Oslo");    // another key: runs the service
      System.out.println("purge Paris -> " + memo.purge(weather, "forecast", "Paris"));
      call(weather, service, "Paris");   // runs again
      weather.refresh();                 // @CacheClear: the namespace is emptied
      call(weather, service, "Oslo");    // runs again
      System.out.println("stats -> " + memo.stats());
    }
  }

  private static void call(Weather weather, SlowWeather service, String city) {
    long start = System.nanoTime();
    Forecast forecast = weather.forecast(city);
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.printf("forecast(%s) -> %s in %d ms (service calls so far: %d)%n",
        city, forecast, millis, service.calls.get());
  }
}
