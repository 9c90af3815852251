package io.tasklane.scheduler.cli;

import io.tasklane.dispatch.Strategy;
import picocli.CommandLine.ITypeConverter;

/** Reads a strategy by its wire name; an unknown one is bad input that lists the valid ones. */
public final class StrategyConverter implements ITypeConverter<Strategy> {
  @Override
  public Strategy convert(String value) {
    return Strategy.fromWire(value);
  }
}
