package io.cachette.memo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachette.memo.MemoFixtures.User;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Values decode to the proxied method's generic return type over JSON, type variables of generic
 * superinterfaces included, and a type that cannot be known is refused when the proxy is built.
 */
class GenericReturnTypesTest {

  interface Repository<T, K> {
    @Cached(namespace = "repo")
    T get(K id);

    @Cached(namespace = "repo")
    List<T> all();

    @Cached(namespace = "repo")
    Map<K, Optional<T>> index();
  }

  interface UserRepository extends Repository<User, Integer> {}

  interface Untyped {
    @Cached
    <T> T convert(String text);
  }

  static final class Users implements UserRepository {
    int calls;

    @Override
    public User get(Integer id) {
      calls++;
      return new User(id, "user" + id);
    }

    @Override
    public List<User> all() {
      calls++;
      return List.of(get(1), get(2));
    }

    @Override
    public Map<Integer, Optional<User>> index() {
      calls++;
      return Map.of(1, Optional.of(new User(1, "user1")), 2, Optional.empty());
    }
  }

  @Test
  void typeVariablesOfGenericSuperinterfacesAreResolvedForDecoding() {
    try (Memoizer memo = Memoizer.builder().serializer("json://").build()) {
      Users real = new Users();
      UserRepository users = memo.proxy(UserRepository.class, real);

      User first = users.get(7);
      User cached = users.get(7);
      List<User> all = users.all();
      List<User> allCached = users.all();
      Map<Integer, Optional<User>> index = users.index();
      Map<Integer, Optional<User>> indexCached = users.index();

      assertThat(cached).isEqualTo(first).isEqualTo(new User(7, "user7"));
      assertThat(allCached).isEqualTo(all);
      assertThat(allCached.get(0)).isInstanceOf(User.class);
      assertThat(indexCached).isEqualTo(index);
      assertThat(indexCached.keySet().iterator().next()).isInstanceOf(Integer.class);
      // get(7), all() with its two inner gets, index(): each ran once.
      assertThat(real.calls).isEqualTo(5);
    }
  }

  @Test
  void aReturnTypeNoOneCanKnowIsRefusedOverBytesButFineOverObjects() {
    Untyped target = new Untyped() {
      @Override
      @SuppressWarnings("unchecked")
      public <T> T convert(String text) {
        return (T) text.toUpperCase();
      }
    };
    try (Memoizer json = Memoizer.builder().serializer("json://").build()) {
      assertThatThrownBy(() -> json.proxy(Untyped.class, target))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(Untyped.class.getName() + ".convert(String)")
          .hasMessageContaining("cannot tell what type to decode T");
    }
    try (Memoizer objects = Memoizer.builder().build()) {
      Untyped proxy = objects.proxy(Untyped.class, target);
      String upper = proxy.convert("a");
      assertThat(upper).isEqualTo("A");
    }
  }
}
