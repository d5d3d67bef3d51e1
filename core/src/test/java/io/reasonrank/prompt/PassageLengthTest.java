package io.reasonrank.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PassageLengthTest {

  @Test
  void followsDocMaxlenWithEitherSpelling() {
    assertThat(PassageLength.forDataset("bright-biology")).isEqualTo(512);
    assertThat(PassageLength.forDataset("earth-science")).isEqualTo(512);
    assertThat(PassageLength.forDataset("bright_theoremqa-questions")).isEqualTo(512);
    assertThat(PassageLength.forDataset("sustainable_living")).isEqualTo(512);
    assertThat(PassageLength.forDataset("r2med_PMC-Clinical")).isEqualTo(512);
    assertThat(PassageLength.forDataset("r2med-pmc-clinical")).isEqualTo(512);
    assertThat(PassageLength.forDataset("math_qa")).isEqualTo(512);
    assertThat(PassageLength.forDataset("dl19")).isEqualTo(100);
    assertThat(PassageLength.forDataset("DL20")).isEqualTo(100);
    assertThat(PassageLength.forDataset("climate_fever")).isEqualTo(100);
    assertThat(PassageLength.forDataset("scifact")).isEqualTo(100);
  }

  @Test
  void unknownDatasetAsksForAnExplicitLength() {
    assertThatThrownBy(() -> PassageLength.forDataset("mrtydi-ar"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("no passage length known for dataset 'mrtydi-ar'; give the max passage tokens explicitly"
            + " (512 for BRIGHT/R2MED, 100 for TREC/BEIR); known: aops, arguana, biology,");
  }
}
