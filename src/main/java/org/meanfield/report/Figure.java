package org.meanfield.report;

import java.awt.Graphics2D;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;

/**
 * One figure of the report: charts side by side, written as {@code plots/NAME.png} and
 * {@code plots/NAME.svg}.
 *
 * @param name file-name stem (letters, digits, '.', '-')
 * @param caption what the figure shows, for the HTML page
 * @param panels the charts, left to right, all of one height
 */
record Figure(String name, String caption, List<XYChart> panels) {

    static {
        Headless.ensure();
    }

    /** A written figure: its PNG bytes, for embedding. */
    record Written(String name, String caption, byte[] png) {
    }

    /** Writes the PNG and SVG files into {@code plots} and returns the PNG. */
    Written write(Path plots) throws IOException {
        Files.createDirectories(plots);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        BitmapEncoder.saveBitmap(panels, 1, panels.size(), png, BitmapEncoder.BitmapFormat.PNG);
        Files.write(plots.resolve(name + ".png"), png.toByteArray());
        Files.write(plots.resolve(name + ".svg"), svg());
        return new Written(name, caption, png.toByteArray());
    }

    /** The panels drawn side by side into one SVG document (XChart's encoder takes one chart only). */
    byte[] svg() throws IOException {
        VectorGraphics2D g = new VectorGraphics2D();
        int x = 0;
        int height = 0;
        for (XYChart chart : panels) {
            Graphics2D panel = (Graphics2D) g.create(x, 0, chart.getWidth(), chart.getHeight());
            chart.paint(panel, chart.getWidth(), chart.getHeight());
            panel.dispose();
            x += chart.getWidth();
            height = Math.max(height, chart.getHeight());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new SVGProcessor().getDocument(g.getCommands(), new PageSize(0, 0, x, height)).writeTo(out);
        return out.toByteArray();
    }
}
