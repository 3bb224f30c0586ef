import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

/**
 * Draws the benchmark chart with the JDK alone (no gnuplot, no Python needed):
 * {@code java -Djava.awt.headless=true load-tests/tools/Chart.java results.csv chart.png}.
 * Top: answers decided per second against offered load, per mode; bottom: p99 latency (log scale).
 * Reads the CSV written by the storm simulation (columns mode, offered_rps, decisions_per_s, p99_ms).
 */
public class Chart {

    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0xff7f0e), new Color(0x9467bd)};
    private static final int W = 1000, H = 800, LEFT = 90, RIGHT = 30, TOP = 50, GAP = 70, BOTTOM = 60;

    record Point(double offered, double throughput, double p99) {
    }

    public static void main(String[] args) throws Exception {
        List<String> lines = Files.readAllLines(Path.of(args[0]));
        List<String> header = List.of(lines.get(0).split(","));
        int mode = header.indexOf("mode"), offered = header.indexOf("offered_rps"),
                decisions = header.indexOf("decisions_per_s"), p99 = header.indexOf("p99_ms");
        Map<String, List<Point>> series = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank() || line.startsWith("mode")) {
                continue;
            }
            String[] f = line.split(",");
            // The 70% runs are single points at one load; the sweeps are the curves.
            if (f[mode].contains("70pct")) {
                continue;
            }
            series.computeIfAbsent(f[mode], k -> new ArrayList<>()).add(new Point(Double.parseDouble(f[offered]),
                    Double.parseDouble(f[decisions]), Math.max(1, Double.parseDouble(f[p99]))));
        }
        double maxX = 1, maxY = 1, maxP = 10;
        for (List<Point> points : series.values()) {
            points.sort((a, b) -> Double.compare(a.offered, b.offered));
            for (Point p : points) {
                maxX = Math.max(maxX, p.offered);
                maxY = Math.max(maxY, Math.max(p.throughput, p.offered));
                maxP = Math.max(maxP, p.p99);
            }
        }
        BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        int plotH = (H - TOP - GAP - BOTTOM) / 2;
        int plotW = W - LEFT - RIGHT;
        double niceX = nice(maxX), niceY = nice(maxY);
        double logMax = Math.ceil(Math.log10(maxP));
        // Top panel: throughput, with the ideal line (decided = offered).
        panel(g, LEFT, TOP, plotW, plotH, "decided per second (answers/s for the ceiling) vs offered load", niceX, niceY,
                false, 0);
        g.setColor(Color.LIGHT_GRAY);
        g.setStroke(new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[]{6, 6}, 0));
        g.drawLine(LEFT, TOP + plotH, LEFT + (int) (plotW * Math.min(1, niceY / niceX)),
                TOP + plotH - (int) (plotH * Math.min(1, niceX / niceY)));
        int top2 = TOP + plotH + GAP;
        panel(g, LEFT, top2, plotW, plotH, "p99 latency (ms, log scale) vs offered load", niceX, logMax, true, 0);
        int i = 0;
        for (Map.Entry<String, List<Point>> entry : series.entrySet()) {
            Color color = COLORS[i % COLORS.length];
            g.setColor(color);
            g.setStroke(new BasicStroke(2.5f));
            int[] prevTop = null, prevBottom = null;
            for (Point p : entry.getValue()) {
                int x = LEFT + (int) (plotW * p.offered / niceX);
                int yTop = TOP + plotH - (int) (plotH * p.throughput / niceY);
                int yBottom = top2 + plotH - (int) (plotH * Math.log10(p.p99) / logMax);
                g.fillOval(x - 4, yTop - 4, 8, 8);
                g.fillOval(x - 4, yBottom - 4, 8, 8);
                if (prevTop != null) {
                    g.drawLine(prevTop[0], prevTop[1], x, yTop);
                    g.drawLine(prevBottom[0], prevBottom[1], x, yBottom);
                }
                prevTop = new int[]{x, yTop};
                prevBottom = new int[]{x, yBottom};
            }
            g.fillRect(LEFT + 20, TOP + 15 + i * 20, 14, 4);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.drawString(entry.getKey(), LEFT + 40, TOP + 22 + i * 20);
            i++;
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString("offered load (requests/s)", LEFT + plotW / 2 - 70, H - 15);
        g.dispose();
        ImageIO.write(image, "png", new File(args[1]));
        System.out.println("Chart written to " + args[1]);
    }

    private static void panel(Graphics2D g, int x, int y, int w, int h, String title, double maxX, double maxY,
                              boolean log, int unused) {
        g.setStroke(new BasicStroke(1));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.setColor(Color.BLACK);
        g.drawString(title, x, y - 10);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int t = 0; t <= 5; t++) {
            int tx = x + w * t / 5;
            g.setColor(new Color(0xeeeeee));
            g.drawLine(tx, y, tx, y + h);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format("%.0f", maxX * t / 5), tx - 12, y + h + 16);
        }
        int ticks = log ? (int) maxY : 5;
        for (int t = 0; t <= ticks; t++) {
            int ty = y + h - h * t / ticks;
            g.setColor(new Color(0xeeeeee));
            g.drawLine(x, ty, x + w, ty);
            g.setColor(Color.DARK_GRAY);
            String label = log ? String.format("%.0f", Math.pow(10, t)) : String.format("%.0f", maxY * t / 5);
            g.drawString(label, x - 8 - g.getFontMetrics().stringWidth(label), ty + 4);
        }
        g.setColor(Color.BLACK);
        g.drawRect(x, y, w, h);
    }

    private static double nice(double value) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[]{1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= value) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }
}
