package io.reasonrank.llm.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reasonrank.format.InputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The tokenizer.json reader behind the trainer's GGUF export and the tests' tiny model. */
class GgufVocabTest {
  private static GgufVocab read(String json) throws IOException {
    return GgufVocab.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void readsVocabAddedTokensAndBothMergeForms() throws IOException {
    GgufVocab v = read("""
        {"version": "1.0", "added_tokens": [
           {"id": 3, "content": "<|endoftext|>", "special": true},
           {"id": 5, "content": "<think>", "special": false},
           {"id": 6, "content": "<|fim|>", "special": false}],
         "model": {"type": "BPE", "dropout": null, "vocab": {"a": 0, "b": 1, "ab": 2}, "merges": [["a", "b"], "ab b"]}}
        """);
    assertThat(v.base()).containsExactly("a", "b", "ab");
    assertThat(v.merges()).containsExactly("a b", "ab b");
    assertThat(v.size()).isEqualTo(7);
    assertThat(v.added()).extracting(GgufVocab::type)
        .containsExactly(GgufVocab.CONTROL, GgufVocab.USER_DEFINED, GgufVocab.CONTROL);
  }

  @Test
  void refusesWhatIsNotABpeTokenizer() {
    assertThatThrownBy(() -> read("[]")).isInstanceOf(InputException.class).hasMessage("tokenizer.json is not a JSON object");
    assertThatThrownBy(() -> read("{\"model\": {\"vocab\": {\"a\": 0, \"b\": 2}, \"merges\": [\"a b\"]}}"))
        .isInstanceOf(InputException.class).hasMessage("tokenizer.json: vocab ids are not dense at b = 2");
    assertThatThrownBy(() -> read("{\"model\": {\"vocab\": {\"a\": 0}, \"merges\": []}}"))
        .isInstanceOf(InputException.class).hasMessage("tokenizer.json has no BPE vocab or merges");
  }
}
