package dev.multilane.node.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import javax.imageio.ImageIO;

/**
 * A line chart of a sweep, drawn with Java2D into a PNG: parallel throughput against threads, one
 * line per contention level, with that level's sequential throughput as a dashed line of the same
 * colour. Headless; no chart library.
 */
final class ThroughputChart {
    /** One contention level: parallel tx/s at each thread count, and the sequential tx/s. */
    record Series(String label, List<Integer> threads, List<Double> parallelTps, double sequentialTps) {}

    private static final int WIDTH = 960;
    private static final int HEIGHT = 600;
    private static final int LEFT = 90;
    private static final int RIGHT = 190;
    private static final int TOP = 70;
    private static final int BOTTOM = 60;
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)
    };

    private ThroughputChart() {}

    static void write(Path file, String title, String subtitle, List<Series> series) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            draw(g, title, subtitle, series);
        } finally {
            g.dispose();
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer");
        }
    }

    private static void draw(Graphics2D g, String title, String subtitle, List<Series> series) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);

        TreeSet<Integer> threadSet = new TreeSet<>();
        double max = 1;
        for (Series s : series) {
            threadSet.addAll(s.threads());
            max = Math.max(max, s.sequentialTps());
            for (double v : s.parallelTps()) {
                max = Math.max(max, v);
            }
        }
        List<Integer> threads = List.copyOf(threadSet);
        double step = niceStep(max / 5);
        double top = Math.ceil(max * 1.05 / step) * step;
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;

        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, LEFT, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        drawWrapped(g, subtitle, LEFT, 44, WIDTH - LEFT - 20);

        // Grid and y labels.
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        for (double y = 0; y <= top + step / 2; y += step) {
            int py = TOP + plotH - (int) Math.round(y / top * plotH);
            g.setColor(new Color(0xe0e0e0));
            g.drawLine(LEFT, py, LEFT + plotW, py);
            g.setColor(Color.DARK_GRAY);
            String label = String.format(Locale.ROOT, "%,.0f", y);
            g.drawString(label, LEFT - 8 - fm.stringWidth(label), py + fm.getAscent() / 2 - 1);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, plotW, plotH);
        g.drawString("tx/s", 12, TOP - 10);
        for (int i = 0; i < threads.size(); i++) {
            String label = String.valueOf(threads.get(i));
            g.drawString(label, x(i, threads.size(), plotW) - fm.stringWidth(label) / 2, TOP + plotH + 20);
        }
        String xTitle = "worker threads";
        g.drawString(xTitle, LEFT + plotW / 2 - fm.stringWidth(xTitle) / 2, TOP + plotH + 44);

        BasicStroke solid = new BasicStroke(2.2f);
        BasicStroke dashed =
                new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {7, 5}, 0);
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            Color c = PALETTE[k % PALETTE.length];
            g.setColor(c);
            int seqY = y(s.sequentialTps(), top, plotH);
            g.setStroke(dashed);
            g.drawLine(LEFT, seqY, LEFT + plotW, seqY);
            g.setStroke(solid);
            int prevX = -1;
            int prevY = -1;
            for (int i = 0; i < s.threads().size(); i++) {
                int px = x(threads.indexOf(s.threads().get(i)), threads.size(), plotW);
                int py = y(s.parallelTps().get(i), top, plotH);
                g.fillOval(px - 4, py - 4, 8, 8);
                if (prevX >= 0) {
                    g.drawLine(prevX, prevY, px, py);
                }
                prevX = px;
                prevY = py;
            }
            int ly = TOP + 10 + k * 22;
            int lx = LEFT + plotW + 16;
            g.drawLine(lx, ly, lx + 24, ly);
            g.setColor(Color.BLACK);
            g.drawString(s.label(), lx + 32, ly + fm.getAscent() / 2 - 1);
        }
        int ly = TOP + 10 + series.size() * 22 + 10;
        int lx = LEFT + plotW + 16;
        g.setColor(Color.DARK_GRAY);
        g.setStroke(dashed);
        g.drawLine(lx, ly, lx + 24, ly);
        g.drawString("sequential", lx + 32, ly + fm.getAscent() / 2 - 1);
        g.setStroke(solid);
        g.drawLine(lx, ly + 22, lx + 24, ly + 22);
        g.drawString("Block-STM", lx + 32, ly + 22 + fm.getAscent() / 2 - 1);
    }

    /** Draws {@code text} in as many lines as it needs to fit {@code width}, breaking at spaces. */
    private static void drawWrapped(Graphics2D g, String text, int x, int y, int width) {
        FontMetrics fm = g.getFontMetrics();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (!line.isEmpty() && fm.stringWidth(line + " " + word) > width) {
                g.drawString(line.toString(), x, y);
                y += fm.getHeight();
                line.setLength(0);
            }
            line.append(line.isEmpty() ? "" : " ").append(word);
        }
        g.drawString(line.toString(), x, y);
    }

    private static int x(int index, int count, int plotW) {
        return LEFT + (int) Math.round((index + 0.5) * plotW / count);
    }

    private static int y(double value, double top, int plotH) {
        return TOP + plotH - (int) Math.round(value / top * plotH);
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-9))));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * magnitude >= raw) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }
}
