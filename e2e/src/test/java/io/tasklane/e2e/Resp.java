package io.tasklane.e2e;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal blocking Redis client (RESP2) for assertions on any Redis a test runs, including
 * ones the test kills and restarts: it connects on first use and again after a broken
 * connection. One command at a time; safe from several threads. Tests use it rather than
 * Lettuce so that no Lettuce type leaks out of common.
 */
final class Resp implements AutoCloseable {
  private final String host;
  private final int port;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  Resp(String url) {
    URI uri = URI.create(url);
    this.host = uri.getHost();
    this.port = uri.getPort() < 0 ? 6379 : uri.getPort();
  }

  /** A Redis error reply. */
  static final class ErrorReply extends RuntimeException {
    ErrorReply(String message) { super(message); }
  }

  /**
   * Sends one command; returns a String, Long, List (of these) or null. When a connection
   * opened earlier turns out broken (Redis restarted meanwhile), the command is sent once more
   * on a new one: use it for reads and for commands that may safely run twice.
   */
  synchronized Object call(String... words) {
    if (socket != null) {
      try {
        return send(words);
      } catch (UncheckedIOException staleConnection) {
        // fall through: one try on a fresh connection
      }
    }
    return send(words);
  }

  private Object send(String... words) {
    try {
      if (socket == null) connect();
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      b.write(("*" + words.length + "\r\n").getBytes(StandardCharsets.UTF_8));
      for (String w : words) {
        byte[] bytes = w.getBytes(StandardCharsets.UTF_8);
        b.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.UTF_8));
        b.write(bytes);
        b.write("\r\n".getBytes(StandardCharsets.UTF_8));
      }
      out.write(b.toByteArray());
      out.flush();
      Object reply = read();
      if (reply instanceof ErrorReply e) throw e;
      return reply;
    } catch (IOException e) {
      disconnect();
      throw new UncheckedIOException("Redis at " + host + ":" + port + ": " + e.getMessage(), e);
    }
  }

  String str(String... words) {
    Object r = call(words);
    return r == null ? null : r.toString();
  }

  long num(String... words) {
    Object r = call(words);
    return r instanceof Long l ? l : Long.parseLong(String.valueOf(r));
  }

  @SuppressWarnings("unchecked")
  List<String> list(String... words) {
    List<String> out = new ArrayList<>();
    for (Object o : (List<Object>) call(words)) out.add(o == null ? null : o.toString());
    return out;
  }

  String hget(String key, String field) { return str("HGET", key, field); }

  long hgetLong(String key, String field) {
    String v = hget(key, field);
    return v == null || v.isEmpty() ? 0 : Long.parseLong(v);
  }

  Map<String, String> hgetall(String key) {
    List<String> flat = list("HGETALL", key);
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i + 1 < flat.size(); i += 2) m.put(flat.get(i), flat.get(i + 1));
    return m;
  }

  long llen(String key) { return num("LLEN", key); }

  long zcard(String key) { return num("ZCARD", key); }

  /** Clients whose name (CLIENT SETNAME) is exactly {@code name}. */
  long clientsNamed(String name) {
    return str("CLIENT", "LIST").lines().filter(l -> l.contains(" name=" + name + " ")).count();
  }

  /** Whether the server answers PING now. */
  boolean answers() {
    try {
      return "PONG".equals(str("PING"));
    } catch (RuntimeException e) {
      return false;
    }
  }

  private void connect() throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress(host, port), 2000);
    s.setSoTimeout(10_000);
    socket = s;
    in = new BufferedInputStream(s.getInputStream());
    out = s.getOutputStream();
  }

  private void disconnect() {
    try {
      if (socket != null) socket.close();
    } catch (IOException ignored) {
      // already broken
    }
    socket = null;
  }

  private Object read() throws IOException {
    int type = in.read();
    if (type < 0) throw new EOFException("connection closed");
    String line = line();
    switch (type) {
      case '+':
        return line;
      case '-':
        return new ErrorReply(line);
      case ':':
        return Long.parseLong(line);
      case '$': {
        int n = Integer.parseInt(line);
        if (n < 0) return null;
        byte[] data = in.readNBytes(n + 2);
        if (data.length < n + 2) throw new EOFException("connection closed");
        return new String(data, 0, n, StandardCharsets.UTF_8);
      }
      case '*': {
        int n = Integer.parseInt(line);
        if (n < 0) return null;
        List<Object> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          Object item = read();
          items.add(item instanceof ErrorReply e ? e.getMessage() : item);
        }
        return items;
      }
      default:
        throw new IOException("unexpected reply type '" + (char) type + "'");
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != '\r') {
      if (c < 0) throw new EOFException("connection closed");
      b.write(c);
    }
    if (in.read() != '\n') throw new IOException("malformed reply");
    return b.toString(StandardCharsets.UTF_8);
  }

  @Override
  public synchronized void close() {
    disconnect();
  }
}
