package io.tasklane.task;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one JSON configuration: a plain mapper (no default typing, no polymorphic types) and a
 * streaming validator for raw JSON that is kept as text, such as payloads and results.
 */
public final class Json {
  /**
   * Payloads and results only ever become trees, records of our own, or stay text. The buffer
   * pool is shared, not per thread: tasks run on short-lived virtual threads, which would each
   * allocate fresh buffers.
   */
  public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
      .recyclerPool(JsonRecyclerPools.sharedLockFreePool()).build()).build();
  private static final JsonFactory FACTORY = MAPPER.getFactory();

  private Json() {}

  /**
   * Returns null when {@code text} is exactly one JSON value, else a short reason with the
   * line and column where parsing stopped.
   */
  public static String problem(String text) {
    if (text == null || text.isBlank()) return "empty JSON";
    try (JsonParser p = FACTORY.createParser(text)) {
      if (p.nextToken() == null) return "empty JSON";
      p.skipChildren();
      if (p.nextToken() != null) {
        return "unexpected content after the JSON value at line " + p.currentLocation().getLineNr()
            + ", column " + p.currentLocation().getColumnNr();
      }
      return null;
    } catch (JsonProcessingException e) {
      return e.getOriginalMessage().split("\n")[0] + " at line " + e.getLocation().getLineNr()
          + ", column " + e.getLocation().getColumnNr();
    } catch (IOException e) {
      return e.getMessage();
    }
  }

  public static JsonNode tree(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("invalid JSON: " + e.getOriginalMessage(), e);
    }
  }

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** True when the text's first token starts an object. */
  public static boolean isObject(String text) {
    try (JsonParser p = FACTORY.createParser(text)) {
      return p.nextToken() == JsonToken.START_OBJECT;
    } catch (IOException e) {
      return false;
    }
  }
}
