package org.meanfield.export;

/**
 * One array of an export: the file it goes to, its shape, its values in C order, and what it holds
 * (the line layout.json gives it). Writing and describing the same list keeps the two in step.
 *
 * @param file the file name, e.g. {@code c.npy}
 * @param shape the extents, outermost first
 * @param values the element at each flat C-order index
 * @param contents what the array holds, one line
 */
public record ExportArray(String file, long[] shape, NpyWriter.Values values, String contents) {
}
