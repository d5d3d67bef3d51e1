package io.reasonrank.llm.llamacpp;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.reasonrank.format.InputException;
import io.reasonrank.io.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a GGUF vocabulary takes from a Hugging Face byte-level BPE {@code tokenizer.json}: the base vocabulary by id,
 * the added tokens, and the merges as {@code "left right"} (docs/llamacpp-binding.md §2), with the token types
 * llama.cpp's {@code convert_hf_to_gguf.py} gives them. For {@link GgufWriter}'s callers: the trainer's export and
 * the llama.cpp tests' tiny model. {@code merges} is a modifiable list, so a caller may cut the vocabulary down.
 */
public record GgufVocab(List<String> base, List<Added> added, List<String> merges) {
  /** llama.cpp token types ({@code tokenizer.ggml.token_type}). */
  public static final int NORMAL = 1, CONTROL = 3, USER_DEFINED = 4, UNUSED = 5;

  private static final Pattern LOOKS_SPECIAL = Pattern.compile("<\\|.*\\|>");

  /** An entry of {@code added_tokens}. */
  public record Added(int id, String content, boolean special) {}

  /** The number of ids the tokenizer uses: the base vocabulary and every added token's id. */
  public int size() {
    int max = base.size();
    for (Added a : added) max = Math.max(max, a.id() + 1);
    return max;
  }

  /** An added token's type: control when it is special or looks like {@code <|…|>}, else user-defined. */
  public static int type(Added a) {
    return a.special() || LOOKS_SPECIAL.matcher(a.content()).matches() ? CONTROL : USER_DEFINED;
  }

  /**
   * Reads a {@code tokenizer.json} as a stream (a Jackson tree of its 300k nodes took most of the write time).
   *
   * @throws InputException when it is not an object, its vocabulary ids are not dense, or it has no vocabulary or merges
   */
  public static GgufVocab read(InputStream in) throws IOException {
    List<String> base = new ArrayList<>();
    List<Added> added = new ArrayList<>();
    List<String> merges = new ArrayList<>();
    try (JsonParser p = Json.MAPPER.getFactory().createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) throw new InputException("tokenizer.json is not a JSON object");
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if (field.equals("added_tokens")) {
          for (JsonNode a : (JsonNode) p.readValueAsTree()) {
            added.add(new Added(a.get("id").asInt(), a.get("content").asText(), a.get("special").asBoolean()));
          }
        } else if (field.equals("model")) {
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken value = p.nextToken();
            if (key.equals("vocab") && value == JsonToken.START_OBJECT) {
              while (p.nextToken() == JsonToken.FIELD_NAME) {
                String piece = p.currentName();
                int id = p.nextIntValue(-1);
                if (id != base.size()) throw new InputException("tokenizer.json: vocab ids are not dense at " + piece + " = " + id);
                base.add(piece);
              }
            } else if (key.equals("merges") && value == JsonToken.START_ARRAY) {
              while (p.nextToken() != JsonToken.END_ARRAY) {
                if (p.currentToken() == JsonToken.VALUE_STRING) {
                  merges.add(p.getText());
                } else {
                  merges.add(p.nextTextValue() + " " + p.nextTextValue()); // ["left", "right"]
                  p.nextToken();
                }
              }
            } else {
              p.skipChildren();
            }
          }
        } else {
          p.skipChildren();
        }
      }
    }
    if (base.isEmpty() || merges.isEmpty()) throw new InputException("tokenizer.json has no BPE vocab or merges");
    return new GgufVocab(base, added, merges);
  }
}
