package io.tasklane.worker.handlers;

import io.tasklane.handler.TaskContext;
import io.tasklane.handler.TaskHandler;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@code cpu}: payload {@code {"rounds":N}}; N rounds of SHA-256 over a 64-byte buffer (each
 * round's digest fills the buffer's first half), returns {@code {"digest":"hex"}} with the
 * buffer's first half. Stops when interrupted.
 */
public final class CpuHandler implements TaskHandler {
  public static final String TYPE = "cpu";
  private static final String EXAMPLE = "{\"rounds\":10000}";
  private static final int CHECK_INTERRUPT_EVERY = 1024;

  @Override
  public String type() { return TYPE; }

  @Override
  public String handle(TaskContext task) throws BadPayloadException, InterruptedException {
    long rounds = Payloads.wholeNumber(task, Payloads.object(task, EXAMPLE), "rounds", EXAMPLE);
    return "{\"digest\":\"" + HexFormat.of().formatHex(digest(rounds)) + "\"}";
  }

  /** The buffer's first 32 bytes after {@code rounds} rounds, starting from 64 zero bytes. */
  static byte[] digest(long rounds) throws InterruptedException {
    MessageDigest sha = sha256();
    byte[] buffer = new byte[64];
    for (long i = 0; i < rounds; i++) {
      if (i % CHECK_INTERRUPT_EVERY == 0 && Thread.interrupted()) {
        throw new InterruptedException("interrupted after " + i + " of " + rounds + " rounds");
      }
      sha.update(buffer);
      byte[] d = sha.digest();
      System.arraycopy(d, 0, buffer, 0, d.length);
    }
    byte[] out = new byte[32];
    System.arraycopy(buffer, 0, out, 0, out.length);
    return out;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }
}
