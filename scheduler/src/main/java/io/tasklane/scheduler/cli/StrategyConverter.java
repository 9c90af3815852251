package io.tasklane.scheduler.cli;

import io.tasklane.dispatch.Strategy;
import java.util.Arrays;
import java.util.Iterator;
import picocli.CommandLine.ITypeConverter;

/** Reads a strategy by its wire name; an unknown one is bad input that lists the valid ones. */
public final class StrategyConverter implements ITypeConverter<Strategy> {
  @Override
  public Strategy convert(String value) {
    return Strategy.fromWire(value);
  }

  /** The strategies' wire names, for the help text. */
  static final class Names implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Arrays.stream(Strategy.values()).map(Strategy::wire).iterator();
    }
  }
}
