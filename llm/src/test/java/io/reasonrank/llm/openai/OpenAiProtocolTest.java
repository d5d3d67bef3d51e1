package io.reasonrank.llm.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reasonrank.llm.Completion;
import org.junit.jupiter.api.Test;

class OpenAiProtocolTest {

  @Test
  void errorMessagesFromEachServerShape() {
    assertThat(OpenAiProtocol.errorMessage("{\"error\":{\"message\":\"bad key\",\"type\":\"invalid_request_error\"}}"))
        .isEqualTo("bad key");
    assertThat(OpenAiProtocol.errorMessage("{\"object\":\"error\",\"message\":\"too\\n long\",\"code\":400}"))
        .isEqualTo("too long");
    assertThat(OpenAiProtocol.errorMessage("{\"detail\":[{\"loc\":[\"body\",\"max_tokens\"],\"msg\":\"bad\"}]}"))
        .isEqualTo("[{\"loc\":[\"body\",\"max_tokens\"],\"msg\":\"bad\"}]");
    assertThat(OpenAiProtocol.errorMessage("{\"error\":\"model not found\"}")).isEqualTo("model not found");
    assertThat(OpenAiProtocol.errorMessage("<html>\n<b>Bad Gateway</b>\n</html>")).isEqualTo("<html> <b>Bad Gateway</b> </html>");
    assertThat(OpenAiProtocol.errorMessage("x".repeat(600))).hasSize(501).endsWith("…");
  }

  @Test
  void chatReasoningFieldAloneStillYieldsTheReferenceShape() throws Exception {
    Completion c = OpenAiProtocol.parseCompletion(Endpoint.CHAT,
        "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":null,\"reasoning\":\"cut off\"},"
            + "\"finish_reason\":\"length\"}]}");
    assertThat(c.text()).isEqualTo("<think>cut off</think>");
    assertThat(c.promptTokens()).isZero();
    assertThat(c.finishReason()).isEqualTo("length");
  }

  @Test
  void unusableBodiesAreMalformed() {
    assertThatThrownBy(() -> OpenAiProtocol.parseCompletion(Endpoint.COMPLETIONS, "[1]"))
        .hasMessage("response is not a JSON object");
    assertThatThrownBy(() -> OpenAiProtocol.parseCompletion(Endpoint.COMPLETIONS, "{\"choices\":[{\"index\":0}]}"))
        .hasMessage("choices[0].text is missing");
    assertThatThrownBy(() -> OpenAiProtocol.parseCompletion(Endpoint.CHAT, "{\"choices\":[{\"message\":{\"content\":null}}]}"))
        .hasMessage("choices[0].message has no content");
    assertThatThrownBy(() -> OpenAiProtocol.parseCompletion(Endpoint.CHAT, ""))
        .hasMessage("response is not a JSON object");
  }

  @Test
  void contextLengthPrefersTheServedLimitAndPicksTheNamedModel() {
    String two = "{\"data\":[{\"id\":\"a\",\"max_model_len\":8192},{\"id\":\"b\",\"max_model_len\":16384,"
        + "\"meta\":{\"n_ctx_train\":32768}}]}";
    assertThat(OpenAiProtocol.contextLength(two, "b")).hasValue(16384);
    assertThat(OpenAiProtocol.contextLength(two, "c")).isEmpty();
    // llama.cpp's training context is not what the server enforces
    assertThat(OpenAiProtocol.contextLength("{\"data\":[{\"id\":\"x\",\"meta\":{\"n_ctx_train\":131072}}]}", "y"))
        .isEmpty();
    assertThat(OpenAiProtocol.trainingContext("{\"data\":[{\"id\":\"x\",\"meta\":{\"n_ctx_train\":131072}}]}", "y"))
        .hasValue(131072);
    assertThat(OpenAiProtocol.contextLength("not json", "x")).isEmpty();
  }

  @Test
  void onlyModelIdNeedsExactlyOneModel() throws Exception {
    assertThat(OpenAiProtocol.onlyModelId("{\"data\":[{\"id\":\"reasonrank-7B\"}]}")).isEqualTo("reasonrank-7B");
    assertThatThrownBy(() -> OpenAiProtocol.onlyModelId("{\"data\":[{\"id\":\"a\"},{\"id\":\"b\"}]}"))
        .hasMessage("the server serves 2 models [a, b]; choose one");
    assertThatThrownBy(() -> OpenAiProtocol.onlyModelId("{\"data\":[]}")).hasMessage("the server lists no models");
  }
}
