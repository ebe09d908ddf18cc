package org.meanfield.cli;

import java.util.ArrayList;
import java.util.List;

import org.meanfield.config.Param;
import org.meanfield.config.ParamTable;
import org.meanfield.config.ParamType;
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
            spec.addOption(option(param.names().toArray(String[]::new), param.key(), param.help(),
                    param.type() == ParamType.PHASES));
            Param.Alternative<?> alternative = param.alternative();
            if (alternative != null) {
                spec.addOption(option(new String[] {alternative.option()}, alternative.key(), alternative.help(), false));
            }
        }
        existing.forEach(spec::addOption);
    }

    /** An option taking text; a repeatable one (the phases) takes one value each time it is given. */
    private static OptionSpec option(String[] names, String key, String help, boolean repeatable) {
        OptionSpec.Builder option = OptionSpec.builder(names).paramLabel("<" + key + ">").description(help);
        return repeatable ? option.type(List.class).auxiliaryTypes(String.class).arity("1").build()
                : option.type(String.class).build();
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
                // A repeated option (--phase) stands for its values joined by ';', as its text reads them.
                given.setText(key, String.join(";", parsed.matchedOption(option).stringValues()));
            }
        }
        return given;
    }
}
