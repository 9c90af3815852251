# Tasklane container image: both runnable jars on a Java 21 runtime.
#
#   docker build -t tasklane .
#   docker run --rm tasklane                       # a worker (see CMD below)
#   docker run --rm tasklane java -cp /opt/tasklane/tasklane-scheduler.jar \
#       io.tasklane.scheduler.cli.ResultStatsCommand --redis redis://HOST:6379
#
# docker-compose.yml picks the command of each service. Handler plug-in jars
# can be mounted into /opt/tasklane/plugins (they are on the worker's class path).

# ---- build ---------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests package \
 && mkdir -p /out/plugins \
 && cp scheduler/target/tasklane-scheduler.jar worker/target/tasklane-worker.jar /out/

# ---- runtime -------------------------------------------------------------
FROM eclipse-temurin:21-jre
RUN useradd --system --no-create-home --home-dir /opt/tasklane --shell /usr/sbin/nologin tasklane
WORKDIR /opt/tasklane
COPY --from=build /out/ /opt/tasklane/
COPY scripts/ /opt/tasklane/scripts/
# The scripts use the prebuilt jars instead of building from source.
ENV TASKLANE_SCHEDULER_JAR=/opt/tasklane/tasklane-scheduler.jar \
    TASKLANE_WORKER_JAR=/opt/tasklane/tasklane-worker.jar \
    TASKLANE_PLUGINS=/opt/tasklane/plugins \
    TASKLANE_NO_INSTALL=1
USER tasklane
# The JVM is PID 1 and receives SIGTERM from `docker stop` directly, so workers
# and the dispatcher shut down gracefully.
# The serial collector, as the scripts use (docs/architecture.md).
CMD ["java", "-XX:MaxRAMPercentage=75", "-XX:+UseSerialGC", "-cp", "/opt/tasklane/tasklane-worker.jar:/opt/tasklane/plugins/*", "io.tasklane.worker.cli.WorkerCommand"]
