package io.reasonrank.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PythonCharsTest {

  @Test
  void digitIncludesSuperscriptsAndCircledDigitsButDecimalDoesNot() {
    assertThat(PythonChars.isDigit('²')).isTrue();
    assertThat(PythonChars.isDecimal('²')).isFalse();
    assertThat(PythonChars.isDigit('①')).isTrue();
    assertThat(PythonChars.isDigit('⑩')).isFalse();
    assertThat(PythonChars.isDigit('½')).isFalse();
    assertThat(PythonChars.isDigit('٣')).isTrue();
    assertThat(PythonChars.isDecimal('٣')).isTrue();
    assertThat(PythonChars.isDigit('一')).isFalse();
    assertThat(PythonChars.isDecimal(0x1D7CE)).isTrue(); // mathematical bold digit zero (astral)
  }

  @Test
  void spaceFollowsPythonNotJava() {
    for (int cp : new int[] {0x1C, 0x1F, 0x85, 0xA0, 0x1680, 0x2000, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000}) {
      assertThat(PythonChars.isSpace(cp)).as("U+%04X", cp).isTrue();
    }
    for (int cp : new int[] {0x200B, 0xFEFF, 0x180E, 'a'}) {
      assertThat(PythonChars.isSpace(cp)).as("U+%04X", cp).isFalse();
    }
    assertThat(PythonChars.strip("\u3000\u00a0 x y\u2029\n")).isEqualTo("x y");
    assertThat(PythonChars.strip("\u200bx")).isEqualTo("\u200bx");
  }

  @Test
  void parseIntAcceptsAnyScriptDecimalsOnly() {
    assertThat(PythonChars.parseInt("07")).isEqualTo(7L);
    assertThat(PythonChars.parseInt("١٢")).isEqualTo(12L);
    assertThat(PythonChars.parseInt("²")).isNull();
    assertThat(PythonChars.parseInt("99999999999999999999")).isEqualTo(Long.MAX_VALUE);
    assertThat(PythonChars.parseInt("")).isNull();
  }

  @Test
  void tablesAreSorted() {
    assertThat(PythonChars.sorted()).isTrue();
    assertThat(PythonChars.rangeCount()).isEqualTo(81 + 62 + 10);
  }
}
