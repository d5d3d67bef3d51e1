package io.reasonrank.cli;

import io.reasonrank.synth.ReleasedDataImporter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code reasonrank import-data}: the released reasonrank_data_13k layout to self-contained training rows (docs/reference-behaviour.md §9). */
@Command(
    name = "import-data",
    mixinStandardHelpOptions = true,
    description = {
      "Join training_data_all.jsonl with the texts of id_query/ and id_doc/ into self-contained rows",
      "{dataset,qid,query,passages:[{docid,text}],initial_list,final_list,relevant_docids,reasoning}.",
      "Text files: JSON objects {id: text} (.json) or JSON Lines {id|_id, text|contents|query} (.jsonl); see docs/training-data.md."
    })
public final class ImportDataCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--dir", required = true, paramLabel = "DIR", description = "the downloaded dataset folder")
  Path dir;

  @Option(names = "--rows", paramLabel = "FILE", description = "rows file (default: DIR/training_data_all.jsonl[.gz])")
  Path rows;

  @Option(names = "--output", required = true, paramLabel = "FILE", description = "output JSONL (.gz allowed)")
  Path output;

  @Override
  public Integer call() {
    OutputPaths.checkWritableFile("--output", output);
    long t0 = System.nanoTime();
    var err = spec.commandLine().getErr();
    ReleasedDataImporter.Summary s = ReleasedDataImporter.importData(dir, rows, output, msg -> {
      err.println(msg);
      err.flush();
    });
    err.printf("import-data: wrote %d rows (%d query texts, %d passage texts) in %.1f s -> %s%n", s.rows(), s.queryTexts(),
        s.docTexts(), (System.nanoTime() - t0) / 1e9, output);
    err.flush();
    return 0;
  }
}
