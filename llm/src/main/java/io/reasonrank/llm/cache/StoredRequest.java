package io.reasonrank.llm.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reasonrank.io.Json;
import io.reasonrank.llm.ChatMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The request part of a cache row (prompt, messages, sampling), stored once and compressed: a raw-deflate blob of one
 * UTF-8 JSON object {@code {"prompt": …, "messages": [...], "sampling": "…"}}.
 *
 * <p>A request carries its input twice: the chat messages, and the prompt that renders them through the chat
 * template. A message whose content occurs verbatim in the prompt (the usual case: the template wraps the contents)
 * is stored as {@code {"role": r, "at": offset, "len": n}} into the prompt instead of its text, so the passages are
 * stored once; a content that does not occur (a chat-endpoint request has an empty prompt; the whole-prompt text
 * repair may have changed a character) is stored as it is. Decoding restores the request exactly, and
 * {@link CompletionCache#get} compares it with the asked key field by field before replaying an answer.
 */
record StoredRequest(String prompt, List<ChatMessage> messages, String samplingJson) {
  private static final int LEVEL = Deflater.DEFAULT_COMPRESSION;

  static byte[] encode(String prompt, List<ChatMessage> messages, String samplingJson) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("prompt", prompt);
    ArrayNode ms = o.putArray("messages");
    int from = 0;
    for (ChatMessage m : messages) {
      ObjectNode e = ms.addObject().put("role", m.role());
      String c = m.content();
      // search forward first (messages appear in order in a rendering), then anywhere
      int at = c.isEmpty() ? -1 : prompt.indexOf(c, from);
      if (at < 0 && !c.isEmpty()) at = prompt.indexOf(c);
      if (at >= 0) {
        e.put("at", at).put("len", c.length());
        from = at + c.length();
      } else {
        e.put("content", c);
      }
    }
    o.put("sampling", samplingJson);
    byte[] utf8 = o.toString().getBytes(StandardCharsets.UTF_8);
    Deflater d = new Deflater(LEVEL, true);
    try {
      d.setInput(utf8);
      d.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(utf8.length / 3 + 64);
      byte[] buf = new byte[16 * 1024];
      while (!d.finished()) out.write(buf, 0, d.deflate(buf));
      return out.toByteArray();
    } finally {
      d.end();
    }
  }

  /** @throws IllegalArgumentException when the blob is not one this class wrote */
  static StoredRequest decode(byte[] blob) {
    Inflater inf = new Inflater(true);
    try {
      inf.setInput(blob);
      ByteArrayOutputStream out = new ByteArrayOutputStream(blob.length * 4);
      byte[] buf = new byte[32 * 1024];
      while (!inf.finished()) {
        int n = inf.inflate(buf);
        if (n == 0 && (inf.needsInput() || inf.needsDictionary())) throw new IllegalArgumentException("truncated request blob");
        out.write(buf, 0, n);
      }
      JsonNode o = Json.MAPPER.readTree(out.toString(StandardCharsets.UTF_8));
      String prompt = o.path("prompt").asText();
      List<ChatMessage> messages = new ArrayList<>();
      for (JsonNode m : o.path("messages")) {
        String content = m.has("at") ? prompt.substring(m.get("at").asInt(), m.get("at").asInt() + m.get("len").asInt())
            : m.path("content").asText();
        messages.add(new ChatMessage(m.path("role").asText(), content));
      }
      return new StoredRequest(prompt, messages, o.path("sampling").asText());
    } catch (DataFormatException | IOException | IndexOutOfBoundsException e) {
      throw new IllegalArgumentException("corrupt request blob: " + e.getMessage(), e);
    } finally {
      inf.end();
    }
  }

  /** True when this is exactly the request of {@code key} (sampling as {@code samplingJson} renders it). */
  boolean matches(CacheKey key, String keySamplingJson) {
    return prompt.equals(key.prompt()) && messages.equals(key.messages()) && samplingJson.equals(keySamplingJson);
  }
}
