/**
 * The {@code reasonrank} command line ({@link io.reasonrank.cli.ReasonRankCli}, picocli): one class per subcommand, each a thin
 * shell over library code. User errors print one line and exit 2 ({@link io.reasonrank.cli.UserException},
 * {@link io.reasonrank.format.InputException}); {@link io.reasonrank.cli.RerankCommand} wires docs/reference-behaviour.md §1–§5
 * and §13.11 to a backend. The user guides are {@code README.md} and {@code docs/}.
 */
package io.reasonrank.cli;
