package io.tasklane.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tasklane.error.InvalidInputException;
import io.tasklane.error.RedisUnavailableException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisUrlTest {

  @Test
  void masksThePasswordWhereverTheUrlIsShown() {
    assertThat(RedisUrl.parse("redis://alice:s3cret@db.example:6380/2").toString())
        .isEqualTo("redis://alice:***@db.example:6380/2");
    assertThat(RedisUrl.parse("rediss://:s3cret@db:6379").toString())
        .isEqualTo("rediss://:***@db:6379");
    assertThat(RedisUrl.parse("redis://127.0.0.1:6379").toString())
        .isEqualTo("redis://127.0.0.1:6379");
  }

  @Test
  void rejectsWhatIsNotARedisUrl() {
    assertThatThrownBy(() -> RedisUrl.parse("http://x:1")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("scheme");
    assertThatThrownBy(() -> RedisUrl.parse("redis://:pw@")).isInstanceOf(InvalidInputException.class)
        .hasMessageNotContaining("pw");
    assertThatThrownBy(() -> RedisUrl.parse("redis://h:1/x")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("database");
    assertThatThrownBy(() -> RedisUrl.parse("")).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void anUnreachableRedisFailsFastWithTheMaskedUrl() throws Exception {
    int port = io.tasklane.testing.RedisServerProcess.freePort();
    RedisUrl url = RedisUrl.parse("redis://bob:hunter2@127.0.0.1:" + port);
    assertThatThrownBy(() -> Redis.connect(url, Duration.ofSeconds(1), Duration.ofSeconds(1), "t"))
        .isInstanceOf(RedisUnavailableException.class)
        .hasMessageContaining("redis://bob:***@127.0.0.1:" + port)
        .hasMessageNotContaining("hunter2");
  }
}
