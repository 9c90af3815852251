package io.tasklane.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * The Java side of {@code scripts/bench}, which starts the throwaway Redis and calls this once per
 * run: {@code Bench throughput|latency|scale|idle --redis URL [options]} prints one
 * {@code RESULT {json}} line per measurement; {@code Bench summary FILE...} prints the medians of
 * the RESULT lines in the files.
 *
 * <p>Options of every run: {@code --redis URL} (required), {@code --queue NAME} (bench),
 * {@code --worker-cmd PATH}, {@code --dispatcher-cmd PATH}, {@code --plugins JAR} (the plug-in
 * jar with the stamp handler), {@code --pid-file PATH} (started process IDs are appended),
 * {@code --log-dir DIR} (process logs), {@code --profile-dir DIR} (JFR recordings of the workers;
 * throughput: Redis and thread profiles), {@code --tag NAME} (names the profile files). Per
 * workload: throughput {@code --n --procs --concurrency --warmup --worker-warmup}; latency
 * {@code --iters --warmup --concurrency}; scale {@code --n --workers 1,10,... --strategies};
 * idle {@code --workers --window --settle} (seconds).
 *
 * <p>The Redis it is given must be a throwaway one: the runs write queues named after
 * {@code --queue} into it (scale: into logical databases 1 to 15).
 */
public final class Bench {
  private Bench() {}

  public static void main(String[] args) {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
      System.out.println("usage: Bench throughput|latency|scale|idle --redis URL [options]"
          + " | Bench summary RESULT-FILE...   (scripts/bench runs it)");
      System.exit(args.length == 0 ? 2 : 0);
    }
    try {
      String mode = args[0];
      Options o = Options.parse(java.util.Arrays.copyOfRange(args, 1, args.length));
      if (mode.equals("summary")) {
        List<Path> files = new ArrayList<>();
        for (String f : o.positional()) files.add(Path.of(f));
        Summary.print(files);
        System.exit(0);
      }
      Setup setup = Setup.from(o);
      List<Map<String, Object>> results = switch (mode) {
        case "throughput" -> List.of(ThroughputBench.run(setup, o));
        case "latency" -> List.of(LatencyBench.run(setup, o));
        case "scale" -> ScaleBench.run(setup, o);
        case "idle" -> List.of(IdleBench.run(setup, o));
        default -> throw new IllegalArgumentException("unknown workload '" + mode
            + "': use throughput, latency, scale, idle or summary");
      };
      results.forEach(Results::print);
      System.exit(0);
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      System.exit(2);
    } catch (Exception e) {
      System.err.println("bench: failed: " + e);
      e.printStackTrace(System.err);
      System.exit(1);
    }
  }
}
