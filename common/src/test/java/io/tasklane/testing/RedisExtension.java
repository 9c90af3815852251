package io.tasklane.testing;

import java.io.IOException;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a real Redis, flushed before each test. Where it comes from, in order:
 * $TASKLANE_TEST_REDIS_URL; else a redis-server from PATH on a free port in a temporary
 * directory; else a Testcontainers Redis when Docker is available; else the test fails naming
 * what to install. The server is shared by the whole test run and stopped at its end.
 * Tests take a {@link TestRedis} parameter.
 */
public final class RedisExtension implements BeforeEachCallback, ParameterResolver {
  private static final Namespace NS = Namespace.create(RedisExtension.class);

  @Override
  public void beforeEach(ExtensionContext context) {
    redis(context).probe().flushall();
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == TestRedis.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    return redis(e);
  }

  private static TestRedis redis(ExtensionContext context) {
    return context.getRoot().getStore(NS)
        .getOrComputeIfAbsent("redis", k -> new Source(), Source.class).redis;
  }

  /** The shared server and its connection; JUnit closes it when the run ends. */
  private static final class Source implements ExtensionContext.Store.CloseableResource {
    private final TestRedis redis;
    private final AutoCloseable server;

    Source() {
      String given = System.getenv("TASKLANE_TEST_REDIS_URL");
      AutoCloseable started = null;
      String url;
      if (given != null && !given.isBlank()) {
        url = given;
      } else if (RedisServerProcess.findBinary() != null) {
        try {
          RedisServerProcess p = RedisServerProcess.start();
          started = p;
          url = p.url();
        } catch (IOException e) {
          throw new IllegalStateException("could not start redis-server: " + e.getMessage(), e);
        }
      } else if (ContainerRedis.dockerAvailable()) {
        ContainerRedis c = ContainerRedis.start();
        started = c;
        url = c.url();
      } else {
        throw new IllegalStateException("no Redis for the tests: install redis-server "
            + "(Debian/Ubuntu: apt-get install redis-server), or run Docker, or set "
            + "TASKLANE_TEST_REDIS_URL to a Redis the tests may flush");
      }
      this.server = started;
      this.redis = new TestRedis(url);
    }

    @Override
    public void close() throws Exception {
      redis.close();
      if (server != null) server.close();
    }
  }
}
