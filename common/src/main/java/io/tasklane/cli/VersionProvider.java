package io.tasklane.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** --version for every command: the Tasklane version the build recorded. */
public final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"Tasklane " + version()};
  }

  public static String version() {
    try (InputStream in = VersionProvider.class.getResourceAsStream("/io/tasklane/version.properties")) {
      Properties p = new Properties();
      if (in != null) p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
