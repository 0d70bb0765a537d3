package io.orgspace.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Completion for {@code kubectl orgspace <TAB>}. kubectl 1.26+ completes a plugin's words by
 * running {@code kubectl_complete-orgspace} with the words typed after {@code kubectl orgspace}
 * (the last one being the word under completion) and reading Cobra's protocol back: one
 * candidate per line, then {@code :<directive>}. The script of that name runs this command.
 */
@Command(name = "__complete", hidden = true, description = "Completion candidates for kubectl (Cobra protocol).")
final class KubectlCompletion implements Callable<Integer> {
  /** Cobra's ShellCompDirectiveDefault: nothing matched, let the shell complete file names. */
  static final int FILES = 0;
  /** Cobra's ShellCompDirectiveNoFileComp: these are all the candidates. */
  static final int NO_FILES = 4;

  @Spec CommandSpec spec;

  @Parameters(arity = "0..*", description = "The words after `kubectl orgspace`; the last is being completed.")
  List<String> words = new ArrayList<>();

  @Override
  public Integer call() {
    for (String line : candidates(spec.root(), words)) {
      spec.commandLine().getOut().println(line);
    }
    spec.commandLine().getOut().flush();
    return 0;
  }

  /** The full words completing the last of {@code typed}, followed by the directive line. */
  static List<String> candidates(CommandSpec root, List<String> typed) {
    String[] args = typed.isEmpty() ? new String[] {""} : typed.toArray(String[]::new);
    String current = args[args.length - 1];
    List<CharSequence> suffixes = new ArrayList<>();
    AutoComplete.complete(root, args, args.length - 1, current.length(), current.length(), suffixes);
    List<String> lines = new ArrayList<>();
    // picocli answers with what remains to be typed; kubectl wants whole words.
    suffixes.stream().map(suffix -> current + suffix).sorted().forEach(lines::add);
    lines.add(":" + (lines.isEmpty() ? FILES : NO_FILES));
    return lines;
  }

  static List<String> candidates(CommandSpec root, String... typed) {
    return candidates(root, Arrays.asList(typed));
  }
}
