package org.meanfield.report;

import java.util.Base64;
import java.util.List;

/** A small self-contained HTML page builder: headings, paragraphs, tables and embedded PNG figures. */
final class Html {
    private final StringBuilder page = new StringBuilder();

    Html(String title) {
        page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape(title)).append("</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:2em;max-width:1200px;color:#222}\n")
                .append("table{border-collapse:collapse;margin:.5em 0 1.5em}\n")
                .append("th,td{border:1px solid #ccc;padding:.25em .6em;text-align:right}\n")
                .append("th{background:#f4f4f4}td.l,th.l{text-align:left}\n")
                .append("figure{margin:1em 0}img{max-width:100%;height:auto}figcaption{color:#555}\n")
                .append("code{background:#f4f4f4;padding:0 .2em}\n")
                .append("</style>\n</head>\n<body>\n<h1>").append(escape(title)).append("</h1>\n");
    }

    Html heading(String text) {
        page.append("<h2>").append(escape(text)).append("</h2>\n");
        return this;
    }

    Html subheading(String text, String id) {
        page.append("<h3 id=\"").append(escape(id)).append("\">").append(escape(text)).append("</h3>\n");
        return this;
    }

    Html paragraph(String text) {
        page.append("<p>").append(escape(text)).append("</p>\n");
        return this;
    }

    /** A list of lines, nothing when empty. */
    Html list(List<String> items) {
        if (!items.isEmpty()) {
            page.append("<ul>\n");
            items.forEach(item -> page.append("<li>").append(escape(item)).append("</li>\n"));
            page.append("</ul>\n");
        }
        return this;
    }

    /** A table; the first column is text (left-aligned), the others numbers. */
    Html table(List<String> header, List<List<String>> rows) {
        page.append("<table>\n<tr>");
        for (int k = 0; k < header.size(); k++) {
            page.append(k == 0 ? "<th class=\"l\">" : "<th>").append(escape(header.get(k))).append("</th>");
        }
        page.append("</tr>\n");
        for (List<String> row : rows) {
            page.append("<tr>");
            for (int k = 0; k < row.size(); k++) {
                page.append(k == 0 ? "<td class=\"l\">" : "<td>").append(escape(row.get(k))).append("</td>");
            }
            page.append("</tr>\n");
        }
        page.append("</table>\n");
        return this;
    }

    /** The figure's PNG as a data URI, its caption, and where its files are. */
    Html figure(Figure.Written figure) {
        page.append("<figure><img alt=\"").append(escape(figure.caption())).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(figure.png())).append("\">\n<figcaption>")
                .append(escape(figure.caption())).append(" (<code>plots/").append(escape(figure.name()))
                .append(".png</code>, <code>.svg</code>)</figcaption></figure>\n");
        return this;
    }

    String finish() {
        return page + "</body>\n</html>\n";
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
