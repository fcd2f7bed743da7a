package io.cachette.memo;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachette.TestClock;
import io.cachette.backend.Backend;
import io.cachette.backend.file.FileBackend;
import io.cachette.memo.MemoFixtures.RealUsers;
import io.cachette.memo.MemoFixtures.User;
import io.cachette.memo.MemoFixtures.Users;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memoization contract on {@code file://} with {@code json://}, sync and async; plus results
 * that outlive the memoizer that stored them.
 */
class FileJsonMemoizationTest extends MemoizationContract {
  @TempDir Path folder;

  @Override
  protected Backend newBackend(TestClock clock) {
    return FileBackend.builder(folder.resolve("cache")).clock(clock).build();
  }

  @Override
  protected @Nullable String serializer() {
    return "json://";
  }

  @Test
  void resultsOutliveTheMemoizerThatStoredThemBecauseKeysAreDeterministic() {
    String url = folder.resolve("by-url").toUri().toString();
    RealUsers first = new RealUsers();
    try (Memoizer memo = Memoizer.builder().backend(url).build()) {
      Users users = memo.proxy(Users.class, first);
      assertThat(users.find(1)).isEqualTo(new User(1, "ada"));
      assertThat(users.all()).hasSize(3);
      assertThat(users.findAsync(2).join()).isEqualTo(new User(2, "grace"));
    }

    RealUsers second = new RealUsers();
    try (Memoizer memo = Memoizer.builder().backend(url).build()) {
      Users users = memo.proxy(Users.class, second);
      assertThat(users.find(1)).isEqualTo(new User(1, "ada"));
      List<User> all = users.all();
      assertThat(all).hasSize(3);
      assertThat(all.get(2)).isEqualTo(new User(3, "linus"));
      assertThat(users.findAsync(2).join()).isEqualTo(new User(2, "grace"));
    }
    assertThat(second.totalCalls()).isZero();
  }
}
