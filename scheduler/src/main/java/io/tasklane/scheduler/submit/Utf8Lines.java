package io.tasklane.scheduler.submit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Splits a byte stream into lines and decodes each one strictly as UTF-8, so an invalid byte is
 * reported on the line it is on (a decoding reader fails ahead, wherever its buffer ends).
 */
final class Utf8Lines {
  private final InputStream in;
  private final byte[] buf = new byte[1 << 16];
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
  private int pos;
  private int end;
  private boolean eof;

  Utf8Lines(InputStream in) {
    this.in = in;
  }

  /** The next line without its line end, or null at the end of the stream. */
  String next() throws IOException {
    line.reset();
    while (true) {
      if (pos == end) {
        if (eof || !fill()) {
          return line.size() == 0 ? null : decode();
        }
      }
      int i = pos;
      while (i < end && buf[i] != '\n') i++;
      line.write(buf, pos, i - pos);
      if (i < end) {
        pos = i + 1;
        return decode();
      }
      pos = end;
    }
  }

  private boolean fill() throws IOException {
    int n = in.read(buf);
    if (n <= 0) {
      eof = true;
      return false;
    }
    pos = 0;
    end = n;
    return true;
  }

  private String decode() throws CharacterCodingException {
    byte[] bytes = line.toByteArray();
    int n = bytes.length;
    if (n > 0 && bytes[n - 1] == '\r') n--;
    return decoder.decode(ByteBuffer.wrap(bytes, 0, n)).toString();
  }
}
