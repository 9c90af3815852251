package io.tasklane.testing;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/** The fallback: a Redis 7 container through Testcontainers, when Docker is available. */
final class ContainerRedis implements AutoCloseable {
  private final GenericContainer<?> container;

  private ContainerRedis(GenericContainer<?> container) {
    this.container = container;
  }

  static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  @SuppressWarnings("resource")
  static ContainerRedis start() {
    GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse("redis:7"))
        .withExposedPorts(6379);
    c.start();
    return new ContainerRedis(c);
  }

  String url() {
    return "redis://" + container.getHost() + ":" + container.getMappedPort(6379);
  }

  @Override
  public void close() {
    container.stop();
  }
}
