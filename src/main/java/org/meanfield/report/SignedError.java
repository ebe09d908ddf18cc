package org.meanfield.report;

import java.util.function.ToDoubleFunction;

import org.meanfield.sweep.ResultRow;

/**
 * The study's Figure 3 observables besides the loss: the signed errors on the test set where the
 * target is positive, e+ = mean Theta(f) (f - f_n), and where it is negative, e- = mean Theta(-f)
 * (f_n - f), each settled over the loss's tail window; fitted against n as the loss is
 * ({@link SignedFit}).
 */
enum SignedError {
    POSITIVE("tail_test_err_pos", "e+", "<Theta(f)(f - f_n)>", "err-pos", ResultRow::tailTestErrPos),
    NEGATIVE("tail_test_err_neg", "e-", "<Theta(-f)(f_n - f)>", "err-neg", ResultRow::tailTestErrNeg);

    /** The results.csv column fitted, which also names the fit in fits.json. */
    final String column;
    /** Its short name, for tables. */
    final String symbol;
    /** Its definition, for titles and captions. */
    final String formula;
    /** The file-name part of its figures. */
    final String file;
    private final ToDoubleFunction<ResultRow> value;

    SignedError(String column, String symbol, String formula, String file, ToDoubleFunction<ResultRow> value) {
        this.column = column;
        this.symbol = symbol;
        this.formula = formula;
        this.file = file;
        this.value = value;
    }

    /** The run's settled value (NaN where not measured). */
    double of(ResultRow row) {
        return value.applyAsDouble(row);
    }
}
