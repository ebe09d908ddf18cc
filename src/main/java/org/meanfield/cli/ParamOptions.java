package org.meanfield.cli;

import java.util.ArrayList;
import java.util.List;

import org.meanfield.config.Param;
import org.meanfield.config.ParamTable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The command-line options of a {@link ParamTable}: one option per parameter (and one per
 * alternative, such as --time for --steps), taking text that the parameter's type reads, so that
 * a bad value is reported in the table's words and lower-case enum names.
 */
final class ParamOptions {
    private ParamOptions() {
    }

    /** Adds the table's options to {@code spec}, before the options it already has (so --help lists them first). */
    static void addTo(CommandSpec spec, ParamTable table) {
        List<OptionSpec> existing = new ArrayList<>(spec.options());
        existing.forEach(spec::remove);
        for (Param<?> param : table.params()) {
            spec.addOption(option(param.names().toArray(String[]::new), param.key(), param.help()));
            Param.Alternative<?> alternative = param.alternative();
            if (alternative != null) {
                spec.addOption(option(new String[] {alternative.option()}, alternative.key(), alternative.help()));
            }
        }
        existing.forEach(spec::addOption);
    }

    private static OptionSpec option(String[] names, String key, String help) {
        return OptionSpec.builder(names).type(String.class).paramLabel("<" + key + ">").description(help).build();
    }

    /**
     * The values given on the command line, read by their parameters' types.
     *
     * @throws IllegalArgumentException "--option must be ..., got '...'" for a value its type cannot read
     */
    static ParamTable.Given given(ParseResult parsed, ParamTable table) {
        ParamTable.Given given = table.given();
        for (String key : table.keyOptions().keySet()) {
            String option = table.keyOptions().get(key);
            if (parsed.hasMatchedOption(option)) {
                given.setText(key, parsed.matchedOptionValue(option, ""));
            }
        }
        return given;
    }
}
